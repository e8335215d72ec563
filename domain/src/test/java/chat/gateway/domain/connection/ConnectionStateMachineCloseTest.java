package chat.gateway.domain.connection;

import static chat.gateway.domain.connection.Fixtures.ACTIVE;
import static chat.gateway.domain.connection.Fixtures.ALICE;
import static chat.gateway.domain.connection.Fixtures.AUTHENTICATED;
import static chat.gateway.domain.connection.Fixtures.AUTHENTICATING;
import static chat.gateway.domain.connection.Fixtures.CONNECTING;
import static chat.gateway.domain.connection.Fixtures.NOW;
import static chat.gateway.domain.connection.Fixtures.PEER_CLOSED;
import static chat.gateway.domain.connection.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.connection.ConnectionEvent.CloseRequested;
import chat.gateway.domain.connection.ConnectionState.Closed;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Closing: the gateway's CloseRequested for every reason, the peer's close, and the Closed state
 * ignoring everything (protocol brief, sections 4, 8 and 9).
 */
class ConnectionStateMachineCloseTest {

  private static final Effect UNREGISTER = new Effect.Unregister(ALICE);

  private final ConnectionStateMachine machine = Fixtures.machine();

  /**
   * Per reason: the effects from Connecting and Authenticating (no user yet), then from
   * Authenticated and Active (the connection is registered, or being registered, for ALICE).
   */
  static Stream<Arguments> closeRequests() {
    Effect replaced =
        new Effect.Notify(
            ErrorCode.WS_NOT_AUTHENTICATED, "replaced by a newer connection of the same user");
    Effect tooLarge =
        new Effect.Notify(ErrorCode.WS_INVALID_MESSAGE, "frame exceeds the size limit");
    Effect abuse = new Effect.Notify(ErrorCode.WS_RATE_LIMITED, "rate limit exceeded persistently");
    Effect internal = new Effect.Notify(ErrorCode.WS_INTERNAL_ERROR, "internal error");
    Effect kicked =
        new Effect.Notify(ErrorCode.WS_NOT_AUTHENTICATED, "disconnected by an operator");
    return Stream.of(
            rows(CloseReason.PEER_CLOSED, List.of(), List.of(UNREGISTER)),
            plain(CloseReason.GOING_AWAY),
            rows(
                CloseReason.INTERNAL_ERROR,
                List.of(internal, socket(CloseReason.INTERNAL_ERROR)),
                List.of(internal, socket(CloseReason.INTERNAL_ERROR), UNREGISTER)),
            plain(CloseReason.READ_TIMEOUT),
            plain(CloseReason.SLOW_CONSUMER),
            plain(CloseReason.AUTH_TIMEOUT),
            plain(CloseReason.SERVER_FULL),
            plain(CloseReason.AUTH_FAILED),
            rows(
                CloseReason.FRAME_TOO_LARGE,
                List.of(tooLarge, socket(CloseReason.FRAME_TOO_LARGE)),
                List.of(tooLarge, socket(CloseReason.FRAME_TOO_LARGE), UNREGISTER)),
            rows(
                CloseReason.POLICY_VIOLATION,
                List.of(abuse, socket(CloseReason.POLICY_VIOLATION)),
                List.of(abuse, socket(CloseReason.POLICY_VIOLATION), UNREGISTER)),
            rows(
                CloseReason.KICKED,
                List.of(kicked, socket(CloseReason.KICKED)),
                List.of(kicked, socket(CloseReason.KICKED), UNREGISTER)),
            rows(
                CloseReason.REPLACED,
                List.of(replaced, socket(CloseReason.REPLACED)),
                List.of(replaced, socket(CloseReason.REPLACED), UNREGISTER)))
        .flatMap(rows -> rows);
  }

  @ParameterizedTest
  @MethodSource("closeRequests")
  void closeRequested(ConnectionState from, CloseReason reason, List<Effect> effects) {
    Transition transition = machine.transition(from, new CloseRequested(reason), NOW);

    assertThat(transition.next()).isEqualTo(new Closed(reason));
    assertThat(transition.effects()).containsExactlyElementsOf(effects);
  }

  @Test
  void closeTableCoversEveryReasonFromEveryOpenState() {
    Set<CloseReason> covered =
        closeRequests()
            .map(arguments -> (CloseReason) arguments.get()[1])
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(CloseReason.class)));

    assertThat(covered).containsExactlyInAnyOrder(CloseReason.values());
    assertThat(closeRequests().count()).isEqualTo(4L * CloseReason.values().length);
  }

  @ParameterizedTest
  @EnumSource(CloseReason.class)
  void unregisterOnlyWithAUserAndAfterTheSocketCloses(CloseReason reason) {
    for (ConnectionState from : Fixtures.openStates()) {
      List<Effect> effects = machine.transition(from, new CloseRequested(reason), NOW).effects();

      assertThat(effects.stream().filter(Effect.Unregister.class::isInstance).toList())
          .as("%s + %s", from, reason)
          .isEqualTo(from.user().isPresent() ? List.of(UNREGISTER) : List.of());
      if (reason == CloseReason.PEER_CLOSED) {
        assertThat(effects)
            .as("%s + %s", from, reason)
            .noneMatch(Effect.CloseSocket.class::isInstance);
      } else {
        // The socket closes before any bookkeeping, which may fail (a store down), and after the
        // farewell, which is queued ahead of the close frame.
        assertThat(effects)
            .as("%s + %s", from, reason)
            .filteredOn(effect -> !(effect instanceof Effect.Unregister))
            .last()
            .isEqualTo(socket(reason));
        if (from.user().isPresent()) {
          assertThat(effects).as("%s + %s", from, reason).last().isEqualTo(UNREGISTER);
        }
      }
    }
  }

  static Stream<Arguments> peerCloses() {
    return Stream.of(
        argumentSet("Connecting", CONNECTING, new Closed(CloseReason.PEER_CLOSED), List.of()),
        argumentSet(
            "Authenticating", AUTHENTICATING, new Closed(CloseReason.PEER_CLOSED), List.of()),
        argumentSet(
            "Authenticated",
            AUTHENTICATED,
            new Closed(CloseReason.PEER_CLOSED),
            List.of(UNREGISTER)),
        argumentSet("Active", ACTIVE, new Closed(CloseReason.PEER_CLOSED), List.of(UNREGISTER)),
        argumentSet(
            "Closed(READ_TIMEOUT) keeps its reason",
            new Closed(CloseReason.READ_TIMEOUT),
            new Closed(CloseReason.READ_TIMEOUT),
            List.of()),
        argumentSet(
            "Closed(REPLACED) keeps its reason",
            new Closed(CloseReason.REPLACED),
            new Closed(CloseReason.REPLACED),
            List.of()));
  }

  @ParameterizedTest
  @MethodSource("peerCloses")
  void peerClosedNeverClosesTheSocketAgain(
      ConnectionState from, ConnectionState next, List<Effect> effects) {
    Transition transition = machine.transition(from, PEER_CLOSED, NOW);

    assertThat(transition.next()).isEqualTo(next);
    assertThat(transition.effects()).containsExactlyElementsOf(effects);
  }

  static Stream<Arguments> closedStatesAndEvents() {
    return Fixtures.closedStates().stream()
        .flatMap(
            state ->
                Fixtures.everyEvent().stream()
                    .map(event -> argumentSet(state + " + " + event, state, event)));
  }

  @ParameterizedTest
  @MethodSource("closedStatesAndEvents")
  void closedIgnoresEverything(Closed state, ConnectionEvent event) {
    for (Instant now : List.of(T0, NOW, T0.plusSeconds(86_400))) {
      Transition transition = machine.transition(state, event, now);

      assertThat(transition.next()).isEqualTo(state);
      assertThat(transition.effects()).isEmpty();
    }
  }

  private static Stream<Arguments> plain(CloseReason reason) {
    return rows(reason, List.of(socket(reason)), List.of(socket(reason), UNREGISTER));
  }

  private static Stream<Arguments> rows(
      CloseReason reason, List<Effect> unauthenticated, List<Effect> authenticated) {
    return Stream.of(
        argumentSet("Connecting + " + reason, CONNECTING, reason, unauthenticated),
        argumentSet("Authenticating + " + reason, AUTHENTICATING, reason, unauthenticated),
        argumentSet("Authenticated + " + reason, AUTHENTICATED, reason, authenticated),
        argumentSet("Active + " + reason, ACTIVE, reason, authenticated));
  }

  private static Effect socket(CloseReason reason) {
    return new Effect.CloseSocket(reason);
  }
}
