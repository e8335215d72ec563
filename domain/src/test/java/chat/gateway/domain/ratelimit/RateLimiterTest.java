package chat.gateway.domain.ratelimit;

import static chat.gateway.domain.ratelimit.RateLimiter.Verdict.ABUSE;
import static chat.gateway.domain.ratelimit.RateLimiter.Verdict.ALLOW;
import static chat.gateway.domain.ratelimit.RateLimiter.Verdict.REJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.domain.Limits;
import chat.gateway.domain.ratelimit.RateLimiter.Bucket;
import chat.gateway.domain.ratelimit.RateLimiter.Decision;
import chat.gateway.domain.ratelimit.RateLimiter.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The per-connection token bucket (protocol brief, section 8): excess frames are rejected, a
 * sustained flood is abuse.
 */
class RateLimiterTest {

  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  private static final RateLimiter DEFAULT = new RateLimiter(new Limits.RateLimit(50, 200));

  @ParameterizedTest(name = "{0}/s, burst {1}")
  @CsvSource({"50, 200", "1, 1", "10, 3", "1000, 5"})
  void aBurstOfExactlyBurstFramesAtOneInstantIsAllowed(int perSecond, int burst) {
    RateLimiter limiter = new RateLimiter(new Limits.RateLimit(perSecond, burst));
    Bucket bucket = limiter.initial(T0);
    assertThat(bucket).isEqualTo(new Bucket(burst, burst, T0));

    for (int i = 0; i < burst; i++) {
      Decision decision = limiter.take(bucket, T0);
      assertThat(decision.verdict()).as("frame %d", i + 1).isEqualTo(ALLOW);
      bucket = decision.next();
    }
    assertThat(bucket).isEqualTo(new Bucket(0, burst, T0));

    Decision next = limiter.take(bucket, T0);
    assertThat(next).isEqualTo(new Decision(new Bucket(0, burst - 1, T0), REJECT));
  }

  @ParameterizedTest(name = "{0}/s, burst {1}: {2} ns after draining -> {3} allowed")
  @CsvSource({
    "50, 200, 100000000, 5",
    "50, 200, 20000000, 1",
    "50, 200, 19999999, 0",
    "50, 200, 1000000000, 50",
    "50, 200, 3999999999, 199",
    "50, 200, 10000000000, 200",
    "50, 200, 3600000000000, 200",
    "10, 3, 250000000, 2",
    "1, 1, 999999999, 0",
    "1, 1, 1000000000, 1",
    "1, 1, 5000000000, 1"
  })
  void refillsAtPerSecondUpToBurst(int perSecond, int burst, long nanos, int allowed) {
    RateLimiter limiter = new RateLimiter(new Limits.RateLimit(perSecond, burst));
    Bucket drained = drain(limiter, limiter.initial(T0), T0);

    Instant later = T0.plusNanos(nanos);
    Map<Verdict, Integer> verdicts = takeUntilNotAllowed(limiter, drained, later);

    assertThat(verdicts.get(ALLOW)).isEqualTo(allowed);
    assertThat(verdicts.get(REJECT)).isEqualTo(1);
  }

  @Test
  void rejectionsTakeStrikesAndNoStrikesLeftIsAbuse() {
    Bucket bucket = drain(DEFAULT, DEFAULT.initial(T0), T0);

    for (int i = 0; i < 200; i++) {
      Decision decision = DEFAULT.take(bucket, T0);
      assertThat(decision.verdict()).as("rejection %d", i + 1).isEqualTo(REJECT);
      bucket = decision.next();
    }
    assertThat(bucket).isEqualTo(new Bucket(0, 0, T0));

    Decision abuse = DEFAULT.take(bucket, T0);
    assertThat(abuse).isEqualTo(new Decision(new Bucket(0, 0, T0), ABUSE));
    assertThat(DEFAULT.take(abuse.next(), T0).verdict()).isEqualTo(ABUSE);
  }

  @Test
  void strikesRefillTenTimesSlowerThanTokens() {
    Bucket bucket = drain(DEFAULT, DEFAULT.initial(T0), T0);
    for (int i = 0; i < 200; i++) {
      bucket = DEFAULT.take(bucket, T0).next();
    }
    assertThat(bucket).isEqualTo(new Bucket(0, 0, T0));

    Map<Verdict, Integer> oneSecondLater = new EnumMap<>(Verdict.class);
    Instant later = T0.plusSeconds(1);
    Verdict verdict;
    do {
      Decision decision = DEFAULT.take(bucket, later);
      verdict = decision.verdict();
      oneSecondLater.merge(verdict, 1, Integer::sum);
      bucket = decision.next();
    } while (verdict != ABUSE);

    assertThat(oneSecondLater)
        .containsExactlyInAnyOrderEntriesOf(Map.of(ALLOW, 50, REJECT, 5, ABUSE, 1));
  }

  @Test
  void aFrameCostingSeveralTokensPassesOnlyWhenTheBucketHoldsThemAll() {
    RateLimiter limiter = new RateLimiter(new Limits.RateLimit(10, 20));
    Decision fifteen = limiter.take(limiter.initial(T0), T0, 15);
    assertThat(fifteen.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(fifteen.next().tokens()).isEqualTo(5);

    Decision six = limiter.take(fifteen.next(), T0, 6);
    assertThat(six.verdict()).isEqualTo(Verdict.REJECT);
    assertThat(six.next().tokens()).as("nothing taken").isEqualTo(5);
    assertThat(six.next().strikes()).isEqualTo(19);
    assertThat(limiter.take(six.next(), T0, 5).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(limiter.take(limiter.initial(T0), T0, 21).verdict())
        .as("more than the burst never passes")
        .isEqualTo(Verdict.REJECT);
    assertThatThrownBy(() -> limiter.take(limiter.initial(T0), T0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allowedFramesDoNotTakeStrikes() {
    Bucket bucket = DEFAULT.initial(T0);
    for (int i = 0; i < 150; i++) {
      bucket = DEFAULT.take(bucket, T0.plusMillis(i)).next();
    }

    assertThat(bucket.strikes()).isEqualTo(200);
  }

  @Test
  void aSustainedFloodIsAbuseAfterAboutBurstRejections() {
    Flood flood = flood(DEFAULT, Duration.ofMillis(1), Duration.ofSeconds(10));

    assertThat(flood.abuseAt()).isNotNull();
    assertThat(flood.abuseAt()).isBetween(T0.plusMillis(400), T0.plusMillis(450));
    assertThat(flood.counts().get(REJECT)).isBetween(200, 205);
  }

  @Test
  void twiceTheRateForLongIsAbuseToo() {
    Flood flood = flood(DEFAULT, Duration.ofMillis(10), Duration.ofSeconds(30));

    assertThat(flood.abuseAt()).isNotNull();
    assertThat(flood.abuseAt()).isBetween(T0.plusSeconds(8), T0.plusSeconds(9));
    assertThat(flood.counts().get(REJECT)).isBetween(200, 230);
  }

  @Test
  void slightlyOverTheLimitForAShortTimeIsNotAbuse() {
    // 64 frames/s for 20 s against 50/s with a burst of 200: 1,280 frames, of which the bucket
    // allows 200 + 50 x 19.98 s; the 81 others are rejected, and the 200 strikes cover them.
    Flood flood = flood(DEFAULT, Duration.ofNanos(15_625_000), Duration.ofSeconds(20));

    assertThat(flood.abuseAt()).isNull();
    assertThat(flood.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(ALLOW, 1199, REJECT, 81));
  }

  @Test
  void atTheLimitNothingIsRejected() {
    Flood flood = flood(DEFAULT, Duration.ofMillis(20), Duration.ofSeconds(120));

    assertThat(flood.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(ALLOW, 6000));
  }

  @Test
  void timeGoingBackwardsAddsNothingAndKeepsTheBucketsInstant() {
    Instant t1 = T0.plusSeconds(1);
    Bucket drained = drain(DEFAULT, DEFAULT.initial(t1), t1);

    Decision backwards = DEFAULT.take(drained, T0);
    assertThat(backwards).isEqualTo(new Decision(new Bucket(0, 199, t1), REJECT));

    Map<Verdict, Integer> later =
        takeUntilNotAllowed(DEFAULT, backwards.next(), t1.plusMillis(100));
    assertThat(later.get(ALLOW)).isEqualTo(5);
  }

  @Test
  void aLargeBackwardJumpDoesNotThrow() {
    Instant t1 = T0.plus(Duration.ofDays(365));
    Bucket bucket = DEFAULT.initial(t1);

    Decision decision = DEFAULT.take(bucket, T0);

    assertThat(decision).isEqualTo(new Decision(new Bucket(199, 200, t1), ALLOW));
  }

  @Test
  void instantsFarApartDoNotThrow() {
    Instant farFuture = T0.plus(Duration.ofDays(365L * 300));

    assertThat(DEFAULT.take(new Bucket(0, 0, farFuture), T0))
        .isEqualTo(new Decision(new Bucket(0, 0, farFuture), ABUSE));
    assertThat(DEFAULT.take(new Bucket(0, 0, T0), farFuture))
        .isEqualTo(new Decision(new Bucket(199, 200, farFuture), ALLOW));
  }

  @Test
  void refusesNulls() {
    assertThatThrownBy(() -> new RateLimiter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("limit");
    assertThatThrownBy(() -> new Bucket(1, 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("at");
  }

  private static Bucket drain(RateLimiter limiter, Bucket bucket, Instant now) {
    Decision decision = limiter.take(bucket, now);
    while (decision.verdict() == ALLOW) {
      bucket = decision.next();
      decision = limiter.take(bucket, now);
    }
    return bucket;
  }

  private static Map<Verdict, Integer> takeUntilNotAllowed(
      RateLimiter limiter, Bucket bucket, Instant now) {
    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    counts.put(ALLOW, 0);
    Verdict verdict;
    do {
      Decision decision = limiter.take(bucket, now);
      verdict = decision.verdict();
      counts.merge(verdict, 1, Integer::sum);
      bucket = decision.next();
    } while (verdict == ALLOW);
    return counts;
  }

  private record Flood(Map<Verdict, Integer> counts, Instant abuseAt) {}

  /** One frame every {@code period} from T0 for {@code length}, or until the first ABUSE. */
  private static Flood flood(RateLimiter limiter, Duration period, Duration length) {
    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    Bucket bucket = limiter.initial(T0);
    for (Instant now = T0; now.isBefore(T0.plus(length)); now = now.plus(period)) {
      Decision decision = limiter.take(bucket, now);
      if (decision.verdict() == ABUSE) {
        return new Flood(counts, now);
      }
      counts.merge(decision.verdict(), 1, Integer::sum);
      bucket = decision.next();
    }
    return new Flood(counts, null);
  }
}
