package chat.gateway.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The reconnect schedule of one client, following a {@link ReconnectPolicy}. Time comes in as
 * arguments (nanoTime readings), so that a test drives it without sleeping. Not thread-safe: the
 * client confines it to its event thread.
 */
final class Backoff {

  private final ReconnectPolicy policy;
  private final DoubleSupplier random;
  private int attempts;
  private double step;
  private long connectedAt;
  private boolean connected;

  /**
   * @param random uniform in [0, 1): the jitter's source
   */
  Backoff(ReconnectPolicy policy, DoubleSupplier random) {
    this.policy = policy;
    this.random = random;
  }

  /** A connection was established (authenticated) at {@code nanos}. */
  void connected(long nanos) {
    connected = true;
    connectedAt = nanos;
  }

  /**
   * The connection was lost, or an attempt failed, at {@code nanos}: how long to wait before the
   * next attempt. A connection that had been up for the policy's {@code stableAfter} first resets
   * the schedule.
   */
  Duration next(long nanos) {
    if (connected && nanos - connectedAt >= policy.stableAfter().toNanos()) {
      attempts = 0;
    }
    connected = false;
    double initial = policy.initialDelay().toNanos();
    double max = policy.maxDelay().toNanos();
    step = attempts == 0 ? initial : Math.min(step * policy.multiplier(), max);
    attempts++;
    double spread = policy.jitter() * (2 * random.getAsDouble() - 1);
    return Duration.ofNanos(Math.round(step * (1 + spread)));
  }

  /** Starts the schedule over: a new session. */
  void reset() {
    attempts = 0;
    connected = false;
  }

  /** How many waits were handed out since the last reset: the number of the coming attempt. */
  int attempts() {
    return attempts;
  }
}
