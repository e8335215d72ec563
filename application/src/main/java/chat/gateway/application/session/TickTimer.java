package chat.gateway.application.session;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's pending tick: fires {@code onTick} once its deadline passed. Only the
 * connection's mailbox touches it, so it is not thread-safe.
 */
final class TickTimer {

  private final ScheduledExecutorService timers;
  private final InstantSource clock;
  private final Runnable onTick;
  private ScheduledFuture<?> tick;
  private Instant tickAt;

  /** {@code onTick} runs on the timer thread: it must only hand the tick to the mailbox. */
  TickTimer(ScheduledExecutorService timers, InstantSource clock, Runnable onTick) {
    this.timers = timers;
    this.clock = clock;
    this.onTick = onTick;
  }

  /**
   * Makes sure a tick fires by {@code deadline}: a pending tick that fires no later is kept, a
   * later one is moved earlier.
   */
  void armBy(Optional<Instant> deadline) {
    if (deadline.isEmpty() || (tick != null && !tickAt.isAfter(deadline.get()))) {
      return;
    }
    if (tick != null) {
      tick.cancel(false);
    }
    long delayMillis =
        Math.max(0, Duration.between(clock.instant(), deadline.get()).toMillis()) + 1;
    tickAt = deadline.get();
    tick = timers.schedule(onTick, delayMillis, TimeUnit.MILLISECONDS);
  }

  /** The pending tick fired: the next deadline needs a new one. */
  void fired() {
    tick = null;
  }

  void cancel() {
    if (tick != null) {
      tick.cancel(false);
      tick = null;
    }
  }
}
