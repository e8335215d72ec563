package chat.gateway.domain.connection;

import static chat.gateway.domain.connection.Fixtures.ACCEPTED;
import static chat.gateway.domain.connection.Fixtures.ACTIVE;
import static chat.gateway.domain.connection.Fixtures.ALICE;
import static chat.gateway.domain.connection.Fixtures.AUTHENTICATED;
import static chat.gateway.domain.connection.Fixtures.AUTHENTICATING;
import static chat.gateway.domain.connection.Fixtures.AUTH_FRAME;
import static chat.gateway.domain.connection.Fixtures.AUTH_SEQ;
import static chat.gateway.domain.connection.Fixtures.BOB;
import static chat.gateway.domain.connection.Fixtures.CHAT_FRAME;
import static chat.gateway.domain.connection.Fixtures.CHAT_SEQ;
import static chat.gateway.domain.connection.Fixtures.CONNECTING;
import static chat.gateway.domain.connection.Fixtures.LAST_INBOUND;
import static chat.gateway.domain.connection.Fixtures.MALFORMED;
import static chat.gateway.domain.connection.Fixtures.MALFORMED_SEQ;
import static chat.gateway.domain.connection.Fixtures.NOW;
import static chat.gateway.domain.connection.Fixtures.REGISTERED;
import static chat.gateway.domain.connection.Fixtures.REGISTRATION_FAILED;
import static chat.gateway.domain.connection.Fixtures.REJECTED;
import static chat.gateway.domain.connection.Fixtures.T0;
import static chat.gateway.domain.connection.Fixtures.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.connection.ConnectionEvent.FrameArrived;
import chat.gateway.domain.connection.ConnectionEvent.TokenAccepted;
import chat.gateway.domain.connection.ConnectionState.Active;
import chat.gateway.domain.connection.ConnectionState.Authenticated;
import chat.gateway.domain.connection.ConnectionState.Authenticating;
import chat.gateway.domain.connection.ConnectionState.Closed;
import chat.gateway.domain.connection.ConnectionState.Connecting;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames, token verification and registration in every state (protocol brief, section 4). Ticks are
 * in {@link ConnectionStateMachineDeadlineTest}, closes in {@link ConnectionStateMachineCloseTest}.
 */
class ConnectionStateMachineTest {

  private final ConnectionStateMachine machine = Fixtures.machine();

  static Stream<Arguments> transitions() {
    Effect echoMalformed = new Effect.Reply(MALFORMED_SEQ, MALFORMED.code(), MALFORMED.reason());
    return Stream.of(
        // Connecting: the first frame must be Auth.
        argumentSet(
            "Connecting + Auth frame -> Authenticating, verify the token",
            CONNECTING,
            AUTH_FRAME,
            new Authenticating(T0, AUTH_SEQ),
            List.of(new Effect.VerifyToken("a-token"))),
        argumentSet(
            "Connecting + Malformed -> stays, reply with its code",
            CONNECTING,
            MALFORMED,
            CONNECTING,
            List.of(echoMalformed)),
        argumentSet(
            "Connecting + TokenAccepted -> ignored", CONNECTING, ACCEPTED, CONNECTING, none()),
        argumentSet(
            "Connecting + TokenRejected -> ignored", CONNECTING, REJECTED, CONNECTING, none()),
        argumentSet(
            "Connecting + VerifierUnavailable -> ignored",
            CONNECTING,
            UNAVAILABLE,
            CONNECTING,
            none()),
        argumentSet(
            "Connecting + Registered -> ignored", CONNECTING, REGISTERED, CONNECTING, none()),
        argumentSet(
            "Connecting + RegistrationFailed -> ignored",
            CONNECTING,
            REGISTRATION_FAILED,
            CONNECTING,
            none()),
        // Authenticating: the token is being verified.
        argumentSet(
            "Authenticating + TokenAccepted -> Authenticated, register before the AuthRsp",
            AUTHENTICATING,
            ACCEPTED,
            new Authenticated(ALICE, NOW, AUTH_SEQ),
            List.of(new Effect.Register(ALICE))),
        argumentSet(
            "Authenticating + TokenRejected -> Closed(AUTH_FAILED), AuthRsp then close 1008",
            AUTHENTICATING,
            REJECTED,
            new Closed(CloseReason.AUTH_FAILED),
            List.of(
                new Effect.RefuseAuth(AUTH_SEQ, "token expired"),
                new Effect.CloseSocket(CloseReason.AUTH_FAILED))),
        argumentSet(
            "Authenticating + VerifierUnavailable -> Closed(INTERNAL_ERROR), Error with the"
                + " Auth's seq then close 4000",
            AUTHENTICATING,
            UNAVAILABLE,
            new Closed(CloseReason.INTERNAL_ERROR),
            List.of(
                new Effect.Reply(
                    AUTH_SEQ,
                    ErrorCode.WS_INTERNAL_ERROR,
                    "authentication is unavailable; retry later"),
                new Effect.CloseSocket(CloseReason.INTERNAL_ERROR))),
        argumentSet(
            "Authenticating + second Auth frame -> stays, not authenticated yet",
            AUTHENTICATING,
            AUTH_FRAME,
            AUTHENTICATING,
            List.of(notAuthenticatedYet(AUTH_SEQ))),
        argumentSet(
            "Authenticating + Chat frame -> stays, not authenticated yet",
            AUTHENTICATING,
            CHAT_FRAME,
            AUTHENTICATING,
            List.of(notAuthenticatedYet(CHAT_SEQ))),
        argumentSet(
            "Authenticating + Malformed -> stays, reply with its code",
            AUTHENTICATING,
            MALFORMED,
            AUTHENTICATING,
            List.of(echoMalformed)),
        argumentSet(
            "Authenticating + Registered -> ignored",
            AUTHENTICATING,
            REGISTERED,
            AUTHENTICATING,
            none()),
        argumentSet(
            "Authenticating + RegistrationFailed -> ignored",
            AUTHENTICATING,
            REGISTRATION_FAILED,
            AUTHENTICATING,
            none()),
        // Authenticated: registration in progress; inbound frames count as activity.
        argumentSet(
            "Authenticated + Registered -> Active, AuthRsp, start the session",
            AUTHENTICATED,
            REGISTERED,
            new Active(ALICE, LAST_INBOUND),
            List.of(new Effect.AcceptAuth(AUTH_SEQ, ALICE), new Effect.StartSession(ALICE))),
        argumentSet(
            "Authenticated + RegistrationFailed -> Closed(INTERNAL_ERROR), Auth refused, 4000",
            AUTHENTICATED,
            REGISTRATION_FAILED,
            new Closed(CloseReason.INTERNAL_ERROR),
            List.of(
                new Effect.Reply(
                    AUTH_SEQ,
                    ErrorCode.WS_INTERNAL_ERROR,
                    "the gateway cannot register connections now; retry later"),
                new Effect.CloseSocket(CloseReason.INTERNAL_ERROR),
                new Effect.Unregister(ALICE))),
        argumentSet(
            "Authenticated + Chat frame -> refreshes lastInboundAt, not authenticated yet",
            AUTHENTICATED,
            CHAT_FRAME,
            new Authenticated(ALICE, NOW, AUTH_SEQ),
            List.of(registering(CHAT_SEQ))),
        argumentSet(
            "Authenticated + Auth frame -> refreshes lastInboundAt, not authenticated yet",
            AUTHENTICATED,
            AUTH_FRAME,
            new Authenticated(ALICE, NOW, AUTH_SEQ),
            List.of(registering(AUTH_SEQ))),
        argumentSet(
            "Authenticated + Malformed -> refreshes lastInboundAt, reply with its code",
            AUTHENTICATED,
            MALFORMED,
            new Authenticated(ALICE, NOW, AUTH_SEQ),
            List.of(echoMalformed)),
        argumentSet(
            "Authenticated + TokenAccepted(other user) -> ignored",
            AUTHENTICATED,
            new TokenAccepted(BOB),
            AUTHENTICATED,
            none()),
        argumentSet(
            "Authenticated + TokenRejected -> ignored",
            AUTHENTICATED,
            REJECTED,
            AUTHENTICATED,
            none()),
        argumentSet(
            "Authenticated + VerifierUnavailable -> ignored",
            AUTHENTICATED,
            UNAVAILABLE,
            AUTHENTICATED,
            none()),
        // Active: requests are served.
        argumentSet(
            "Active + Auth frame -> refreshes lastInboundAt, invalid message",
            ACTIVE,
            AUTH_FRAME,
            new Active(ALICE, NOW),
            List.of(
                new Effect.Reply(AUTH_SEQ, ErrorCode.WS_INVALID_MESSAGE, "already authenticated"))),
        argumentSet(
            "Active + Malformed -> refreshes lastInboundAt, reply with its code",
            ACTIVE,
            MALFORMED,
            new Active(ALICE, NOW),
            List.of(echoMalformed)),
        argumentSet(
            "Active + TokenAccepted(other user) -> ignored",
            ACTIVE,
            new TokenAccepted(BOB),
            ACTIVE,
            none()),
        argumentSet("Active + TokenRejected -> ignored", ACTIVE, REJECTED, ACTIVE, none()),
        argumentSet("Active + VerifierUnavailable -> ignored", ACTIVE, UNAVAILABLE, ACTIVE, none()),
        argumentSet("Active + Registered -> ignored", ACTIVE, REGISTERED, ACTIVE, none()),
        argumentSet(
            "Active + RegistrationFailed -> ignored", ACTIVE, REGISTRATION_FAILED, ACTIVE, none()));
  }

  @ParameterizedTest
  @MethodSource("transitions")
  void transition(
      ConnectionState from, ConnectionEvent event, ConnectionState next, List<Effect> effects) {
    Transition transition = machine.transition(from, event, NOW);

    assertThat(transition.next()).isEqualTo(next);
    assertThat(transition.effects()).containsExactlyElementsOf(effects);
  }

  static Stream<ClientPayload> everyRequestButAuth() {
    return Fixtures.everyPayload().stream().filter(p -> !(p instanceof ClientPayload.Auth));
  }

  @ParameterizedTest
  @MethodSource("everyRequestButAuth")
  void connectingRefusesEveryFrameButAuth(ClientPayload payload) {
    Transition transition = machine.transition(CONNECTING, arrived(9, payload), NOW);

    assertThat(transition.next()).isEqualTo(CONNECTING);
    assertThat(transition.effects())
        .containsExactly(
            new Effect.Reply(
                9, ErrorCode.WS_NOT_AUTHENTICATED, "the first frame must be Auth (type 1)"));
  }

  @ParameterizedTest
  @MethodSource("everyRequestButAuth")
  void authenticatingRefusesEveryFrame(ClientPayload payload) {
    Transition transition = machine.transition(AUTHENTICATING, arrived(9, payload), NOW);

    assertThat(transition.next()).isEqualTo(AUTHENTICATING);
    assertThat(transition.effects()).containsExactly(notAuthenticatedYet(9));
  }

  @ParameterizedTest
  @MethodSource("everyRequestButAuth")
  void activeServesEveryRequestButAuthWithItsSeqAndRefreshesLastInbound(ClientPayload payload) {
    Transition transition = machine.transition(ACTIVE, arrived(9, payload), NOW);

    assertThat(transition.next()).isEqualTo(new Active(ALICE, NOW));
    assertThat(transition.effects())
        .containsExactly(new Effect.Serve(9, (ClientPayload.SessionRequest) payload));
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void malformedFrameIsAnsweredWithItsOwnCode(ErrorCode code) {
    ConnectionEvent malformed = new ConnectionEvent.MalformedFrame(4, code, "why: " + code);

    for (ConnectionState state : Fixtures.openStates()) {
      assertThat(machine.transition(state, malformed, NOW).effects())
          .as("%s", state)
          .containsExactly(new Effect.Reply(4, code, "why: " + code));
    }
  }

  @Test
  void happyPathFromConnectToActive() {
    ConnectionState state = machine.start(T0);
    assertThat(state).isEqualTo(new Connecting(T0));

    Instant authAt = T0.plusMillis(300);
    Instant verifiedAt = T0.plusMillis(450);
    Instant registeredAt = T0.plusMillis(500);
    Instant chatAt = T0.plusSeconds(30);

    state = machine.transition(state, AUTH_FRAME, authAt).next();
    assertThat(state).isEqualTo(new Authenticating(T0, AUTH_SEQ));
    state = machine.transition(state, ACCEPTED, verifiedAt).next();
    assertThat(state).isEqualTo(new Authenticated(ALICE, verifiedAt, AUTH_SEQ));
    state = machine.transition(state, REGISTERED, registeredAt).next();
    assertThat(state).isEqualTo(new Active(ALICE, verifiedAt));
    state = machine.transition(state, CHAT_FRAME, chatAt).next();
    assertThat(state).isEqualTo(new Active(ALICE, chatAt));
  }

  @Test
  void theResumePointOfTheAuthReachesTheSessionStartAcrossVerificationAndRegistration() {
    ConnectionState state = CONNECTING;
    state =
        machine
            .transition(state, arrived(AUTH_SEQ, new ClientPayload.Auth("a-token", 4242)), T0)
            .next();
    state = machine.transition(state, ACCEPTED, NOW).next();
    // A frame while registering keeps it too.
    state = machine.transition(state, arrived(9, new ClientPayload.Ping()), NOW).next();
    Transition started = machine.transition(state, REGISTERED, NOW);

    assertThat(started.effects())
        .contains(new Effect.StartSession(ALICE, Optional.of(MessageId.of(4242))));
  }

  @Test
  void anAuthWithoutAResumePointOrWithZeroStartsTheSessionWithoutOne() {
    for (long none : new long[] {0, -5}) {
      ConnectionState state = CONNECTING;
      state =
          machine
              .transition(state, arrived(AUTH_SEQ, new ClientPayload.Auth("a-token", none)), T0)
              .next();
      state = machine.transition(state, ACCEPTED, NOW).next();
      assertThat(machine.transition(state, REGISTERED, NOW).effects())
          .contains(new Effect.StartSession(ALICE, Optional.empty()));
    }
  }

  private static FrameArrived arrived(long seq, ClientPayload payload) {
    return new FrameArrived(new ClientFrame(seq, payload));
  }

  private static Effect notAuthenticatedYet(long seq) {
    return new Effect.Reply(seq, ErrorCode.WS_NOT_AUTHENTICATED, "authentication in progress");
  }

  private static Effect registering(long seq) {
    return new Effect.Reply(seq, ErrorCode.WS_NOT_AUTHENTICATED, "registration in progress");
  }

  private static List<Effect> none() {
    return List.of();
  }
}
