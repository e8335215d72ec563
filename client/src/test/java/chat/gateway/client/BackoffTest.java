package chat.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reconnect schedule, driven by an explicit clock: no test here sleeps. */
class BackoffTest {

  private static final long SECOND = 1_000_000_000L;

  private long now = 5 * SECOND;

  @Test
  void withoutJitterTheWaitsStartAtOneSecondGrowByHalfAndStopAtThirtySeconds() {
    Backoff backoff = new Backoff(ReconnectPolicy.defaults().withJitter(0), () -> 0.5);

    // In whole milliseconds, truncated: 5,062.5 ms reads 5062.
    List<Long> millis = new ArrayList<>();
    for (int attempt = 1; attempt <= 12; attempt++) {
      millis.add(backoff.next(tick()).toMillis());
      assertThat(backoff.attempts()).isEqualTo(attempt);
    }

    assertThat(millis)
        .containsExactly(
            1_000L, 1_500L, 2_250L, 3_375L, 5_062L, 7_593L, 11_390L, 17_085L, 25_628L, 30_000L,
            30_000L, 30_000L);
  }

  @Test
  void jitterSpreadsEachWaitByAtMostTwentyPercentAroundItsStep() {
    SplittableRandom random = new SplittableRandom(42);
    Backoff backoff = new Backoff(ReconnectPolicy.defaults(), random::nextDouble);
    Backoff exact = new Backoff(ReconnectPolicy.defaults().withJitter(0), () -> 0.5);

    List<Double> ratios = new ArrayList<>();
    for (int attempt = 0; attempt < 2_000; attempt++) {
      long step = exact.next(now).toNanos();
      ratios.add(backoff.next(tick()).toNanos() / (double) step);
    }

    assertThat(ratios).allSatisfy(ratio -> assertThat(ratio).isBetween(0.8, 1.2));
    // Spread, not constant: both halves of the band are used.
    assertThat(ratios).anySatisfy(ratio -> assertThat(ratio).isLessThan(0.9));
    assertThat(ratios).anySatisfy(ratio -> assertThat(ratio).isGreaterThan(1.1));
  }

  @Test
  void theJittersExtremesAreEightyAndOneHundredTwentyPercent() {
    assertThat(new Backoff(ReconnectPolicy.defaults(), () -> 0.0).next(now))
        .isEqualTo(Duration.ofMillis(800));
    assertThat(new Backoff(ReconnectPolicy.defaults(), () -> 1.0).next(now))
        .isEqualTo(Duration.ofMillis(1_200));
  }

  @Test
  void aConnectionThatStayedUpForTenSecondsResetsTheSchedule() {
    Backoff backoff = new Backoff(ReconnectPolicy.defaults().withJitter(0), () -> 0.5);
    backoff.next(now);
    backoff.next(now);
    backoff.next(now);

    backoff.connected(now);
    now += 10 * SECOND;

    assertThat(backoff.next(now)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.attempts()).isEqualTo(1);
  }

  @Test
  void aConnectionLostBeforeItWasStableContinuesTheSchedule() {
    Backoff backoff = new Backoff(ReconnectPolicy.defaults().withJitter(0), () -> 0.5);
    backoff.next(now);
    backoff.next(now);

    backoff.connected(now);
    now += 10 * SECOND - 1;

    assertThat(backoff.next(now)).isEqualTo(Duration.ofMillis(2_250));
    assertThat(backoff.attempts()).isEqualTo(3);
  }

  @Test
  void failedAttemptsNeverResetTheScheduleHowEverLongTheyTake() {
    Backoff backoff = new Backoff(ReconnectPolicy.defaults().withJitter(0), () -> 0.5);
    backoff.connected(now);
    now += 60 * SECOND;
    backoff.next(now);

    now += 600 * SECOND;

    assertThat(backoff.next(now)).isEqualTo(Duration.ofMillis(1_500));
  }

  @Test
  void aNewSessionStartsTheScheduleOver() {
    Backoff backoff = new Backoff(ReconnectPolicy.defaults().withJitter(0), () -> 0.5);
    backoff.next(now);
    backoff.next(now);

    backoff.reset();

    assertThat(backoff.next(now)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void theDefaultsAreTheProtocols() {
    ReconnectPolicy defaults = ReconnectPolicy.defaults();

    assertThat(defaults.initialDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.multiplier()).isEqualTo(1.5);
    assertThat(defaults.maxDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.jitter()).isEqualTo(0.2);
    assertThat(defaults.stableAfter()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aPolicyThatCannotWorkIsRefused() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new ReconnectPolicy(Duration.ZERO, 1.5, second, 0.2, second))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial delay");
    assertThatThrownBy(() -> new ReconnectPolicy(second, 0.5, second, 0.2, second))
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> new ReconnectPolicy(second, Double.NaN, second, 0.2, second))
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> new ReconnectPolicy(second, 1.5, Duration.ofMillis(10), 0.2, second))
        .hasMessageContaining("max delay");
    assertThatThrownBy(() -> new ReconnectPolicy(second, 1.5, second, 1.0, second))
        .hasMessageContaining("jitter");
  }

  private long tick() {
    now += SECOND / 10;
    return now;
  }
}
