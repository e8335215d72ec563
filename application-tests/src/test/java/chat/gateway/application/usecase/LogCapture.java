package chat.gateway.application.usecase;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The lines the application logs through System.Logger, which on this classpath (no logging
 * library) writes to java.util.logging: captured per logger name while open.
 */
final class LogCapture implements AutoCloseable {

  /** One captured line: its level, its message as formatted, and whether it has a stack trace. */
  record Line(Level level, String message, boolean stackTrace) {}

  private final List<Logger> loggers = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          synchronized (lines) {
            lines.add(
                new Line(
                    record.getLevel(),
                    formatter.formatMessage(record),
                    record.getThrown() != null));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  /** Captures what the loggers named (a class's name each) log at INFO and above. */
  static LogCapture of(String... names) {
    LogCapture capture = new LogCapture();
    for (String name : names) {
      Logger logger = Logger.getLogger(name);
      logger.addHandler(capture.handler);
      // Held: java.util.logging keeps loggers only weakly.
      capture.loggers.add(logger);
    }
    return capture;
  }

  /** What was captured at {@code level} or above, so far. */
  List<Line> atLeast(Level level) {
    synchronized (lines) {
      return lines.stream().filter(line -> line.level().intValue() >= level.intValue()).toList();
    }
  }

  @Override
  public void close() {
    loggers.forEach(logger -> logger.removeHandler(handler));
  }
}
