package chat.gateway.domain.connection;

import static chat.gateway.domain.connection.Fixtures.ACTIVE;
import static chat.gateway.domain.connection.Fixtures.ALICE;
import static chat.gateway.domain.connection.Fixtures.AUTHENTICATED;
import static chat.gateway.domain.connection.Fixtures.AUTHENTICATING;
import static chat.gateway.domain.connection.Fixtures.AUTH_FRAME;
import static chat.gateway.domain.connection.Fixtures.CONNECTING;
import static chat.gateway.domain.connection.Fixtures.NOW;
import static chat.gateway.domain.connection.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.connection.ConnectionState.Active;
import chat.gateway.domain.connection.ConnectionState.Authenticated;
import chat.gateway.domain.connection.ConnectionState.Authenticating;
import chat.gateway.domain.connection.ConnectionState.Closed;
import chat.gateway.domain.connection.ConnectionState.Connecting;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code transition} is a pure function over every state and every event: the same inputs give
 * equal outputs, the input state is untouched, and the effect list cannot be changed.
 */
class ConnectionStateMachinePurityTest {

  private final ConnectionStateMachine machine = Fixtures.machine();

  @Test
  void stateAccessors() {
    assertThat(CONNECTING.user()).isEmpty();
    assertThat(AUTHENTICATING.user()).isEmpty();
    assertThat(AUTHENTICATED.user()).contains(ALICE);
    assertThat(ACTIVE.user()).contains(ALICE);
    assertThat(new Closed(CloseReason.READ_TIMEOUT).user()).isEmpty();
    assertThat(Fixtures.openStates()).allMatch(ConnectionState::isOpen);
    assertThat(Fixtures.closedStates()).noneMatch(ConnectionState::isOpen);
  }

  static Stream<Arguments> everyStateAndEvent() {
    List<ConnectionState> states =
        Stream.concat(Fixtures.openStates().stream(), Fixtures.closedStates().stream()).toList();
    return states.stream()
        .flatMap(
            state ->
                Fixtures.everyEvent().stream()
                    .flatMap(
                        event ->
                            Stream.of(NOW, T0.plusSeconds(3_600))
                                .map(now -> Arguments.of(state, event, now))));
  }

  @ParameterizedTest
  @MethodSource("everyStateAndEvent")
  void transitionIsPure(ConnectionState state, ConnectionEvent event, Instant now) {
    ConnectionState copyOfState = copy(state);

    Transition first = machine.transition(state, event, now);
    Transition second = machine.transition(state, event, now);
    Transition fromAnotherMachine = Fixtures.machine().transition(copyOfState, event, now);

    assertThat(second).isEqualTo(first);
    assertThat(fromAnotherMachine).isEqualTo(first);
    assertThat(state).isEqualTo(copyOfState);
    assertThatThrownBy(
            () ->
                first
                    .effects()
                    .add(
                        new Effect.Serve(1, new chat.gateway.domain.protocol.ClientPayload.Ping())))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesNulls() {
    assertThatThrownBy(() -> machine.transition(CONNECTING, AUTH_FRAME, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("now");
    assertThatThrownBy(() -> new ConnectionStateMachine(null, Fixtures.READ_TIMEOUT))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("authTimeout");
    assertThatThrownBy(() -> new ConnectionStateMachine(Fixtures.AUTH_TIMEOUT, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("readTimeout");
  }

  private static ConnectionState copy(ConnectionState state) {
    return switch (state) {
      case Connecting c -> new Connecting(c.openedAt());
      case Authenticating a -> new Authenticating(a.openedAt(), a.authSeq());
      case Authenticated a -> new Authenticated(a.owner(), a.lastInboundAt(), a.authSeq());
      case Active a -> new Active(a.owner(), a.lastInboundAt());
      case Closed c -> new Closed(c.reason());
    };
  }
}
