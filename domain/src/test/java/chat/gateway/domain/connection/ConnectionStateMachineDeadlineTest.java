package chat.gateway.domain.connection;

import static chat.gateway.domain.connection.Fixtures.ACTIVE;
import static chat.gateway.domain.connection.Fixtures.ALICE;
import static chat.gateway.domain.connection.Fixtures.AUTHENTICATED;
import static chat.gateway.domain.connection.Fixtures.AUTHENTICATING;
import static chat.gateway.domain.connection.Fixtures.AUTH_FRAME;
import static chat.gateway.domain.connection.Fixtures.CHAT_FRAME;
import static chat.gateway.domain.connection.Fixtures.CONNECTING;
import static chat.gateway.domain.connection.Fixtures.LAST_INBOUND;
import static chat.gateway.domain.connection.Fixtures.MALFORMED;
import static chat.gateway.domain.connection.Fixtures.T0;
import static chat.gateway.domain.connection.Fixtures.TICK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.connection.ConnectionState.Active;
import chat.gateway.domain.connection.ConnectionState.Closed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The auth timeout (10 s from connect) and the read timeout (60 s since the last inbound frame),
 * checked on Tick (protocol brief, sections 4 and 8).
 */
class ConnectionStateMachineDeadlineTest {

  private static final Instant AUTH_DEADLINE = T0.plusSeconds(10);
  private static final Instant READ_DEADLINE = LAST_INBOUND.plusSeconds(60);
  private static final Duration NANO = Duration.ofNanos(1);

  private static final List<Effect> AUTH_TIMEOUT_EFFECTS =
      List.of(new Effect.CloseSocket(CloseReason.AUTH_TIMEOUT));
  private static final List<Effect> READ_TIMEOUT_EFFECTS =
      List.of(new Effect.CloseSocket(CloseReason.READ_TIMEOUT), new Effect.Unregister(ALICE));

  private final ConnectionStateMachine machine = Fixtures.machine();

  static Stream<Arguments> deadlines() {
    return Stream.of(
        argumentSet("Connecting: opened + 10 s", CONNECTING, Optional.of(AUTH_DEADLINE)),
        argumentSet("Authenticating: opened + 10 s", AUTHENTICATING, Optional.of(AUTH_DEADLINE)),
        argumentSet(
            "Authenticated: last inbound + 60 s", AUTHENTICATED, Optional.of(READ_DEADLINE)),
        argumentSet("Active: last inbound + 60 s", ACTIVE, Optional.of(READ_DEADLINE)),
        argumentSet(
            "Closed: none", new Closed(CloseReason.READ_TIMEOUT), Optional.<Instant>empty()));
  }

  @ParameterizedTest
  @MethodSource("deadlines")
  void deadline(ConnectionState state, Optional<Instant> expected) {
    assertThat(machine.deadline(state)).isEqualTo(expected);
  }

  static Stream<Arguments> ticks() {
    return Stream.of(
        tick("Connecting, 1 ns before", CONNECTING, AUTH_DEADLINE.minus(NANO), CONNECTING),
        tick("Connecting, long before", CONNECTING, T0.plusSeconds(1), CONNECTING),
        tick("Connecting, clock behind openedAt", CONNECTING, T0.minusSeconds(5), CONNECTING),
        authTimeout("Connecting, at", CONNECTING, AUTH_DEADLINE),
        authTimeout("Connecting, 1 ns after", CONNECTING, AUTH_DEADLINE.plus(NANO)),
        authTimeout("Connecting, an hour after", CONNECTING, AUTH_DEADLINE.plusSeconds(3_600)),
        tick(
            "Authenticating, 1 ns before",
            AUTHENTICATING,
            AUTH_DEADLINE.minus(NANO),
            AUTHENTICATING),
        authTimeout("Authenticating, at", AUTHENTICATING, AUTH_DEADLINE),
        authTimeout("Authenticating, 1 ns after", AUTHENTICATING, AUTH_DEADLINE.plus(NANO)),
        tick("Authenticated, 1 ns before", AUTHENTICATED, READ_DEADLINE.minus(NANO), AUTHENTICATED),
        tick(
            "Authenticated, past the auth deadline",
            AUTHENTICATED,
            AUTH_DEADLINE.plusSeconds(1),
            AUTHENTICATED),
        readTimeout("Authenticated, at", AUTHENTICATED, READ_DEADLINE),
        readTimeout("Authenticated, 1 ns after", AUTHENTICATED, READ_DEADLINE.plus(NANO)),
        tick("Active, 1 ns before", ACTIVE, READ_DEADLINE.minus(NANO), ACTIVE),
        tick("Active, past the auth deadline", ACTIVE, AUTH_DEADLINE.plusSeconds(1), ACTIVE),
        readTimeout("Active, at", ACTIVE, READ_DEADLINE),
        readTimeout("Active, 1 ns after", ACTIVE, READ_DEADLINE.plus(NANO)),
        readTimeout("Active, a day after", ACTIVE, READ_DEADLINE.plus(Duration.ofDays(1))),
        tick(
            "Closed, long after every deadline",
            new Closed(CloseReason.GOING_AWAY),
            READ_DEADLINE.plus(Duration.ofDays(1)),
            new Closed(CloseReason.GOING_AWAY)));
  }

  @ParameterizedTest
  @MethodSource("ticks")
  void tick(ConnectionState from, Instant now, ConnectionState next, List<Effect> effects) {
    Transition transition = machine.transition(from, TICK, now);

    assertThat(transition.next()).isEqualTo(next);
    assertThat(transition.effects()).containsExactlyElementsOf(effects);
  }

  @Test
  void tickClosesExactlyAtTheAnnouncedDeadline() {
    for (ConnectionState state : Fixtures.openStates()) {
      Instant deadline = machine.deadline(state).orElseThrow();

      assertThat(machine.transition(state, TICK, deadline.minus(NANO)).next())
          .as("%s just before its deadline", state)
          .isEqualTo(state);
      assertThat(machine.transition(state, TICK, deadline).next().isOpen())
          .as("%s at its deadline", state)
          .isFalse();
    }
  }

  @Test
  void framesDoNotExtendTheAuthDeadline() {
    ConnectionState state = CONNECTING;
    state = machine.transition(state, CHAT_FRAME, T0.plusSeconds(6)).next();
    state = machine.transition(state, MALFORMED, T0.plusSeconds(7)).next();
    state = machine.transition(state, AUTH_FRAME, T0.plusSeconds(9)).next();
    state = machine.transition(state, CHAT_FRAME, T0.plusMillis(9_500)).next();

    assertThat(machine.deadline(state)).contains(AUTH_DEADLINE);
    Transition tick = machine.transition(state, TICK, AUTH_DEADLINE);
    assertThat(tick.next()).isEqualTo(new Closed(CloseReason.AUTH_TIMEOUT));
    assertThat(tick.effects()).containsExactlyElementsOf(AUTH_TIMEOUT_EFFECTS);
  }

  @Test
  void everyInboundFrameOfAnActiveConnectionPushesTheReadDeadline() {
    Instant chatAt = LAST_INBOUND.plusSeconds(50);
    Instant malformedAt = chatAt.plusSeconds(50);

    ConnectionState state = machine.transition(ACTIVE, CHAT_FRAME, chatAt).next();
    assertThat(machine.deadline(state)).contains(chatAt.plusSeconds(60));
    assertThat(machine.transition(state, TICK, READ_DEADLINE).next()).isEqualTo(state);

    state = machine.transition(state, MALFORMED, malformedAt).next();
    assertThat(state).isEqualTo(new Active(ALICE, malformedAt));
    assertThat(machine.transition(state, TICK, malformedAt.plusSeconds(60)).effects())
        .containsExactlyElementsOf(READ_TIMEOUT_EFFECTS);
  }

  @Test
  void timeoutsComeFromTheConstructor() {
    ConnectionStateMachine quick =
        new ConnectionStateMachine(Duration.ofMillis(500), Duration.ofSeconds(3));

    assertThat(quick.deadline(CONNECTING)).contains(T0.plusMillis(500));
    assertThat(quick.deadline(ACTIVE)).contains(LAST_INBOUND.plusSeconds(3));
    assertThat(quick.transition(CONNECTING, TICK, T0.plusMillis(500)).next())
        .isEqualTo(new Closed(CloseReason.AUTH_TIMEOUT));
    assertThat(quick.transition(ACTIVE, TICK, LAST_INBOUND.plusSeconds(3)).next())
        .isEqualTo(new Closed(CloseReason.READ_TIMEOUT));
  }

  private static Arguments tick(
      String name, ConnectionState from, Instant now, ConnectionState next) {
    return argumentSet(name + " -> stays", from, now, next, List.<Effect>of());
  }

  private static Arguments authTimeout(String name, ConnectionState from, Instant now) {
    return argumentSet(
        name + " -> Closed(AUTH_TIMEOUT)",
        from,
        now,
        new Closed(CloseReason.AUTH_TIMEOUT),
        AUTH_TIMEOUT_EFFECTS);
  }

  private static Arguments readTimeout(String name, ConnectionState from, Instant now) {
    return argumentSet(
        name + " -> Closed(READ_TIMEOUT)",
        from,
        now,
        new Closed(CloseReason.READ_TIMEOUT),
        READ_TIMEOUT_EFFECTS);
  }
}
