package chat.gateway.client;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link GatewayClient} tries again after losing its connection: the first wait is {@code
 * initialDelay}, each further wait {@code multiplier} times the one before, up to {@code maxDelay};
 * each wait is then spread by ±{@code jitter} (a fraction), so that the clients of a restarted
 * gateway do not all return at the same moment. A connection that stayed up for {@code stableAfter}
 * resets the schedule: its loss is followed by the first wait again. Attempts are unlimited.
 *
 * <p>The {@linkplain #defaults() defaults} are the protocol's: 1 s, ×1.5, at most 30 s, ±20%, reset
 * after 10 s connected. The jitter follows gRPC's connection backoff: applied after the cap, so a
 * capped wait lies between 24 and 36 s.
 */
public record ReconnectPolicy(
    Duration initialDelay,
    double multiplier,
    Duration maxDelay,
    double jitter,
    Duration stableAfter) {

  public ReconnectPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(stableAfter, "stableAfter");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initial delay must be positive, got " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "max delay " + maxDelay + " is below the initial delay " + initialDelay);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
    if (stableAfter.isNegative()) {
      throw new IllegalArgumentException("stableAfter must not be negative, got " + stableAfter);
    }
  }

  /** 1 s, ×1.5, at most 30 s, ±20%, reset after 10 s connected. */
  public static ReconnectPolicy defaults() {
    return new ReconnectPolicy(
        Duration.ofSeconds(1), 1.5, Duration.ofSeconds(30), 0.2, Duration.ofSeconds(10));
  }

  /** This policy with other delays, e.g. shorter ones for a test. */
  public ReconnectPolicy withDelays(Duration initial, Duration max) {
    return new ReconnectPolicy(initial, multiplier, max, jitter, stableAfter);
  }

  /** This policy with another jitter fraction; 0 gives the exact schedule. */
  public ReconnectPolicy withJitter(double fraction) {
    return new ReconnectPolicy(initialDelay, multiplier, maxDelay, fraction, stableAfter);
  }

  /** This policy resetting after a connection stayed up for {@code duration}. */
  public ReconnectPolicy withStableAfter(Duration duration) {
    return new ReconnectPolicy(initialDelay, multiplier, maxDelay, jitter, duration);
  }
}
