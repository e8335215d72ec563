package chat.gateway.application.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One line per kind and interval, with the count of the rest; time and timers are the test's. */
class RepeatLogTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
  private final List<Runnable> due = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();
  private final RecordingLogger logger = new RecordingLogger();
  private final RepeatLog log =
      new RepeatLog(
          logger,
          Level.WARNING,
          "auth refused",
          kind -> "do " + kind,
          MINUTE,
          now::get,
          (task, delay) -> {
            due.add(task);
            delays.add(delay);
          });

  @Test
  void theFirstIsLoggedAtOnceWithItsDetailAndTheRestAsOneCountAtTheIntervalsEnd() {
    log.record("expired", "connection c1");
    for (int i = 0; i < 49; i++) {
      advance(Duration.ofMillis(100));
      log.record("expired", "connection c" + i);
    }

    assertThat(logger.lines).containsExactly("auth refused: expired (connection c1); do expired");
    assertThat(delays).containsExactly(MINUTE.minusMillis(100));

    advance(Duration.ofMillis(55_100));
    runDue();

    assertThat(logger.lines)
        .containsExactly(
            "auth refused: expired (connection c1); do expired",
            "auth refused: expired, 49 more in the last 60 s; do expired");
  }

  @Test
  void aKindThatKeepsHappeningWritesOneLinePerInterval() {
    for (int second = 0; second < 180; second++) {
      log.record("expired", "connection c" + second);
      advance(Duration.ofSeconds(1));
      if (second % 60 == 59) {
        runDue();
      }
    }

    assertThat(logger.lines)
        .containsExactly(
            "auth refused: expired (connection c0); do expired",
            "auth refused: expired, 59 more in the last 60 s; do expired",
            "auth refused: expired, 60 more in the last 60 s; do expired",
            "auth refused: expired, 60 more in the last 60 s; do expired");
  }

  @Test
  void anIntervalWithoutRepeatsEndsSilentlyAndTheNextOneIsLoggedWithItsDetail() {
    log.record("expired", "connection c1");
    advance(MINUTE);
    log.record("expired", "connection c2");

    assertThat(due).isEmpty();
    assertThat(logger.lines)
        .containsExactly(
            "auth refused: expired (connection c1); do expired",
            "auth refused: expired (connection c2); do expired");
  }

  @Test
  void aRepeatAfterTheIntervalsEndBeforeItsTaskRanJoinsTheCount() {
    log.record("expired", "connection c1");
    log.record("expired", "connection c2");
    advance(Duration.ofSeconds(61));
    log.record("expired", "connection c3");
    runDue();

    assertThat(logger.lines)
        .containsExactly(
            "auth refused: expired (connection c1); do expired",
            "auth refused: expired, 2 more in the last 61 s; do expired");
  }

  @Test
  void kindsAreCountedApartAndBeyondTheLimitTogether() {
    for (int kind = 0; kind < RepeatLog.MAX_KINDS + 5; kind++) {
      log.record("kind " + kind, "c");
    }
    log.record("kind 0", "c");

    assertThat(logger.lines).hasSize(RepeatLog.MAX_KINDS + 1);
    assertThat(logger.lines.getLast()).isEqualTo("auth refused: other (c); do other");
    advance(MINUTE);
    runDue();
    assertThat(logger.lines)
        .contains(
            "auth refused: other, 4 more in the last 60 s; do other",
            "auth refused: kind 0, 1 more in the last 60 s; do kind 0");
  }

  private void advance(Duration by) {
    now.updateAndGet(instant -> instant.plus(by));
  }

  private void runDue() {
    List<Runnable> tasks = new ArrayList<>(due);
    due.clear();
    tasks.forEach(Runnable::run);
  }

  /** Keeps the lines logged at an enabled level, formatted. */
  private static final class RecordingLogger implements System.Logger {
    final List<String> lines = new ArrayList<>();

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(java.text.MessageFormat.format(format, params));
    }
  }
}
