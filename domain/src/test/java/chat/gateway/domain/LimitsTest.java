package chat.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits and their defaults (protocol brief, sections 1, 4 and 8). */
class LimitsTest {

  @Test
  void defaultsAreTheProtocolsFigures() {
    Limits defaults = Limits.defaults();

    assertThat(defaults.maxConnectionsPerUser()).isEqualTo(3);
    assertThat(defaults.sendQueueCapacity()).isEqualTo(100);
    assertThat(defaults.maxFrameBytes()).isEqualTo(1_048_576);
    assertThat(defaults.authTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.syncPageSize()).isEqualTo(100);
  }

  @Test
  void defaultsInFull() {
    assertThat(Limits.defaults())
        .isEqualTo(
            new Limits(
                3,
                10_000,
                100,
                1_048_576,
                268_435_456L,
                1_048_576,
                65_536,
                128,
                100,
                524_288,
                1_000,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                new Limits.RateLimit(50, 200)));
    assertThat(Limits.builder().build()).isEqualTo(Limits.defaults());
  }

  static Stream<Arguments> oneChange() {
    return Stream.of(
        change("maxConnectionsPerUser", b -> b.maxConnectionsPerUser(5), 5),
        change("maxTotalConnections", b -> b.maxTotalConnections(60), 60),
        change("sendQueueCapacity", b -> b.sendQueueCapacity(2), 2),
        change("sendQueueBytes", b -> b.sendQueueBytes(4096), 4096),
        change("sendBufferTotalBytes", b -> b.sendBufferTotalBytes(1L << 32), 1L << 32),
        change("syncPageBytes", b -> b.syncPageBytes(1), 1),
        change("maxFrameBytes", b -> b.maxFrameBytes(4096), 4096),
        change("maxContentBytes", b -> b.maxContentBytes(10), 10),
        change("maxClientMsgIdLength", b -> b.maxClientMsgIdLength(36), 36),
        change("syncPageSize", b -> b.syncPageSize(7), 7),
        change("maxPresenceWatch", b -> b.maxPresenceWatch(20), 20),
        change("authTimeout", b -> b.authTimeout(Duration.ofMillis(1)), Duration.ofMillis(1)),
        change("readTimeout", b -> b.readTimeout(Duration.ofMinutes(5)), Duration.ofMinutes(5)),
        change("writeTimeout", b -> b.writeTimeout(Duration.ofSeconds(3)), Duration.ofSeconds(3)),
        change(
            "rateLimit", b -> b.rateLimit(new Limits.RateLimit(1, 1)), new Limits.RateLimit(1, 1)));
  }

  @ParameterizedTest
  @MethodSource("oneChange")
  void builderChangesOneFieldAndKeepsTheRest(
      String field, UnaryOperator<Limits.Builder> change, Object value) throws Exception {
    Limits defaults = Limits.defaults();
    Limits changed = change.apply(Limits.builder()).build();
    Limits changedFromInstance = change.apply(defaults.toBuilder()).build();

    assertThat(changedFromInstance).isEqualTo(changed);
    for (RecordComponent component : Limits.class.getRecordComponents()) {
      Object actual = component.getAccessor().invoke(changed);
      Object expected =
          component.getName().equals(field) ? value : component.getAccessor().invoke(defaults);
      assertThat(actual).as(component.getName()).isEqualTo(expected);
    }
  }

  @Test
  void everyFieldHasABuilderRow() {
    assertThat(oneChange().map(arguments -> arguments.get()[0]))
        .containsExactlyInAnyOrder(
            Stream.of(Limits.class.getRecordComponents()).map(RecordComponent::getName).toArray());
  }

  @Test
  void toBuilderStartsFromThatInstance() {
    Limits custom = Limits.builder().maxConnectionsPerUser(9).syncPageSize(3).build();

    Limits changed = custom.toBuilder().maxFrameBytes(2048).build();

    assertThat(changed.maxConnectionsPerUser()).isEqualTo(9);
    assertThat(changed.syncPageSize()).isEqualTo(3);
    assertThat(changed.maxFrameBytes()).isEqualTo(2048);
    assertThat(custom.maxFrameBytes()).isEqualTo(1_048_576);
  }

  static Stream<Arguments> nonPositive() {
    return Stream.of(
        bad("maxConnectionsPerUser", b -> b.maxConnectionsPerUser(0), "0"),
        bad("maxConnectionsPerUser", b -> b.maxConnectionsPerUser(-1), "-1"),
        bad("maxTotalConnections", b -> b.maxTotalConnections(0), "0"),
        bad("maxTotalConnections", b -> b.maxTotalConnections(Integer.MIN_VALUE), "-2147483648"),
        bad("sendQueueCapacity", b -> b.sendQueueCapacity(0), "0"),
        bad("sendQueueCapacity", b -> b.sendQueueCapacity(-5), "-5"),
        bad("sendQueueBytes", b -> b.sendQueueBytes(0), "0"),
        bad("syncPageBytes", b -> b.syncPageBytes(-1), "-1"),
        bad("maxFrameBytes", b -> b.maxFrameBytes(0), "0"),
        bad("maxFrameBytes", b -> b.maxFrameBytes(-1), "-1"),
        bad("maxContentBytes", b -> b.maxContentBytes(0), "0"),
        bad("maxContentBytes", b -> b.maxContentBytes(-1), "-1"),
        bad("maxClientMsgIdLength", b -> b.maxClientMsgIdLength(0), "0"),
        bad("maxClientMsgIdLength", b -> b.maxClientMsgIdLength(-1), "-1"),
        bad("syncPageSize", b -> b.syncPageSize(0), "0"),
        bad("syncPageSize", b -> b.syncPageSize(-1), "-1"),
        bad("maxPresenceWatch", b -> b.maxPresenceWatch(0), "0"),
        bad("maxPresenceWatch", b -> b.maxPresenceWatch(-1), "-1"),
        bad("authTimeout", b -> b.authTimeout(Duration.ZERO), "PT0S"),
        bad("authTimeout", b -> b.authTimeout(Duration.ofNanos(-1)), "PT-0.000000001S"),
        bad("readTimeout", b -> b.readTimeout(Duration.ZERO), "PT0S"),
        bad("readTimeout", b -> b.readTimeout(Duration.ofSeconds(-60)), "PT-1M"),
        bad("writeTimeout", b -> b.writeTimeout(Duration.ZERO), "PT0S"),
        bad("writeTimeout", b -> b.writeTimeout(Duration.ofSeconds(-1)), "PT-1S"));
  }

  @ParameterizedTest
  @MethodSource("nonPositive")
  void nonPositiveValuesAreRefusedNamingTheField(
      String field, UnaryOperator<Limits.Builder> change, String value) {
    Limits.Builder builder = change.apply(Limits.builder());

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(field + " must be positive, got " + value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"authTimeout", "readTimeout", "writeTimeout", "rateLimit"})
  void nullsAreRefusedNamingTheField(String field) {
    Limits.Builder builder = Limits.builder();
    switch (field) {
      case "authTimeout" -> builder.authTimeout(null);
      case "readTimeout" -> builder.readTimeout(null);
      case "writeTimeout" -> builder.writeTimeout(null);
      default -> builder.rateLimit(null);
    }

    assertThatThrownBy(builder::build).isInstanceOf(NullPointerException.class).hasMessage(field);
  }

  @Test
  void aTotalSendBufferSmallerThanOneConnectionsQueueIsRefused() {
    Limits.Builder builder = Limits.builder().sendQueueBytes(4096).sendBufferTotalBytes(4095);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sendBufferTotalBytes must be at least sendQueueBytes, got 4095");
  }

  @Test
  void aSendQueueOfOneIsRefused() {
    Limits.Builder builder = Limits.builder().sendQueueCapacity(1);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sendQueueCapacity must be at least 2");
    assertThat(Limits.builder().sendQueueCapacity(2).build().sendQueueCapacity()).isEqualTo(2);
  }

  static Stream<Arguments> badRateLimits() {
    return Stream.of(
        argumentSet("perSecond 0", 0, 10, "perSecond must be positive, got 0"),
        argumentSet("perSecond -1", -1, 10, "perSecond must be positive, got -1"),
        argumentSet("burst 0", 10, 0, "burst must be positive, got 0"),
        argumentSet("burst -3", 10, -3, "burst must be positive, got -3"));
  }

  @ParameterizedTest
  @MethodSource("badRateLimits")
  void rateLimitRefusesNonPositiveValues(int perSecond, int burst, String message) {
    assertThatThrownBy(() -> new Limits.RateLimit(perSecond, burst))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  private static Arguments change(
      String field, UnaryOperator<Limits.Builder> change, Object value) {
    return argumentSet(field, field, change, value);
  }

  private static Arguments bad(String field, UnaryOperator<Limits.Builder> change, String value) {
    return argumentSet(field + " = " + value, field, change, value);
  }
}
