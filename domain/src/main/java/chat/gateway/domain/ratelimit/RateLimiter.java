package chat.gateway.domain.ratelimit;

import chat.gateway.domain.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A token bucket per connection, as a pure function. Each inbound frame takes a token; the bucket
 * refills at {@code perSecond} up to {@code burst}. A frame finding the bucket empty is rejected
 * and takes a strike from a second bucket of the same size, refilled ten times slower; a connection
 * with no strikes left is abusing the gateway and is closed.
 */
public final class RateLimiter {

  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double perSecond;
  private final double burst;
  private final double strikesPerSecond;

  public RateLimiter(Limits.RateLimit limit) {
    Objects.requireNonNull(limit, "limit");
    this.perSecond = limit.perSecond();
    this.burst = limit.burst();
    this.strikesPerSecond = limit.perSecond() / 10d;
  }

  /** A full bucket. */
  public Bucket initial(Instant now) {
    return new Bucket(burst, burst, now);
  }

  /** Takes a token for a frame arriving at {@code now}. */
  public Decision take(Bucket bucket, Instant now) {
    return take(bucket, now, 1);
  }

  /**
   * Takes {@code cost} tokens (at least 1) for a frame arriving at {@code now}, such as an Ack of
   * many messages: allowed only when the bucket holds them all, else rejected (one strike) and
   * nothing taken.
   */
  public Decision take(Bucket bucket, Instant now, int cost) {
    if (cost < 1) {
      throw new IllegalArgumentException("cost must be at least 1, got " + cost);
    }
    double elapsed = 0;
    if (now.isAfter(bucket.at())) {
      // Seconds and nanos apart: toNanos() overflows for instants centuries apart.
      Duration gap = Duration.between(bucket.at(), now);
      elapsed = gap.getSeconds() + gap.getNano() / NANOS_PER_SECOND;
    }
    Instant at = now.isAfter(bucket.at()) ? now : bucket.at();
    double tokens = Math.min(burst, bucket.tokens() + elapsed * perSecond);
    double strikes = Math.min(burst, bucket.strikes() + elapsed * strikesPerSecond);
    if (tokens >= cost) {
      return new Decision(new Bucket(tokens - cost, strikes, at), Verdict.ALLOW);
    }
    if (strikes >= 1) {
      return new Decision(new Bucket(tokens, strikes - 1, at), Verdict.REJECT);
    }
    return new Decision(new Bucket(tokens, strikes, at), Verdict.ABUSE);
  }

  /** Tokens and strikes left at time {@code at}. */
  public record Bucket(double tokens, double strikes, Instant at) {
    public Bucket {
      Objects.requireNonNull(at, "at");
    }
  }

  /** The bucket after the frame, and what happens to the frame. */
  public record Decision(Bucket next, Verdict verdict) {}

  /** What happens to one frame. */
  public enum Verdict {
    /** Within the limit: serve it. */
    ALLOW,
    /** Over the limit: drop it and answer WS_RATE_LIMITED. */
    REJECT,
    /** Over the limit for too long: close the connection. */
    ABUSE
  }
}
