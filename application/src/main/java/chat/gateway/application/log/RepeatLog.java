package chat.gateway.application.log;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Logs an event that can come in bursts (a refused token, a slow consumer, an eviction) as one line
 * per kind and interval instead of one per connection: the first occurrence of a kind is logged at
 * once, with its detail; the ones that follow within the interval are counted, and the count is
 * logged as one line when the interval ends. A kind that keeps happening therefore writes one line
 * per interval, and every line says what to do. Kinds beyond {@value #MAX_KINDS} are counted
 * together, so a client cannot make the map grow. Safe from many threads.
 */
public final class RepeatLog {

  /** The distinct kinds remembered; later ones are counted as {@value #OTHER}. */
  static final int MAX_KINDS = 16;

  static final String OTHER = "other";

  /** Runs a task after a delay: the end of an interval. */
  @FunctionalInterface
  public interface Scheduler {
    void schedule(Runnable task, Duration delay);
  }

  private final Logger log;
  private final Level level;
  private final String what;
  private final Function<String, String> advice;
  private final Duration interval;
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final Map<String, Window> windows = new HashMap<>();

  /**
   * @param what what happened, starting each line (e.g. "auth refused")
   * @param advice what to do about a kind, ending each line of that kind
   */
  public RepeatLog(
      Logger log,
      Level level,
      String what,
      Function<String, String> advice,
      Duration interval,
      InstantSource clock,
      Scheduler scheduler) {
    this.log = Objects.requireNonNull(log, "log");
    this.level = Objects.requireNonNull(level, "level");
    this.what = Objects.requireNonNull(what, "what");
    this.advice = Objects.requireNonNull(advice, "advice");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
  }

  /** On the system clock, the interval's end on the JDK's shared delay thread. */
  public static RepeatLog onSystemClock(
      Logger log, Level level, String what, Function<String, String> advice, Duration interval) {
    return new RepeatLog(
        log,
        level,
        what,
        advice,
        interval,
        InstantSource.system(),
        (task, delay) ->
            CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(task));
  }

  /**
   * One occurrence of {@code kind}; {@code detail} (which connection, from where) is logged only
   * when this occurrence is logged on its own line.
   */
  public void record(String kind, String detail) {
    Instant now = clock.instant();
    Window counting = null;
    String key;
    synchronized (windows) {
      key = windows.containsKey(kind) || windows.size() < MAX_KINDS ? kind : OTHER;
      Window window = windows.get(key);
      if (window == null || !now.isBefore(window.end)) {
        if (window != null && window.count > 0) {
          // The interval's end is due but its task has not run yet: this one joins its line.
          window.count++;
          summarize(key, window, now);
        } else {
          log.log(level, what + ": " + key + " (" + detail + "); " + advice.apply(key));
          windows.put(key, new Window(now, now.plus(interval)));
        }
        return;
      }
      window.count++;
      if (window.count == 1) {
        counting = window;
      }
    }
    if (counting != null) {
      Window counted = counting;
      String countedKey = key;
      scheduler.schedule(
          () -> endInterval(countedKey, counted), Duration.between(now, counted.end));
    }
  }

  /** The end of {@code window}: its count, if any, is logged, unless a line took it already. */
  private void endInterval(String key, Window window) {
    Instant now = clock.instant();
    synchronized (windows) {
      if (windows.get(key) == window && window.count > 0) {
        summarize(key, window, now);
      }
    }
  }

  /** Logs the count and starts the next interval, in which repeats are counted again. */
  private void summarize(String key, Window window, Instant now) {
    long seconds = Math.max(1, Duration.between(window.start, now).toSeconds());
    log.log(
        level,
        what
            + ": "
            + key
            + ", "
            + window.count
            + " more in the last "
            + seconds
            + " s; "
            + advice.apply(key));
    windows.put(key, new Window(now, now.plus(interval)));
  }

  /** One interval of a kind: when it started and ends, and the occurrences not yet logged. */
  private static final class Window {
    final Instant start;
    final Instant end;
    long count;

    Window(Instant start, Instant end) {
      this.start = start;
      this.end = end;
    }
  }
}
