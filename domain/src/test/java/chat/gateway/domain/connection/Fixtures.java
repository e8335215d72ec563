package chat.gateway.domain.connection;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import chat.gateway.domain.connection.ConnectionEvent.CloseRequested;
import chat.gateway.domain.connection.ConnectionEvent.FrameArrived;
import chat.gateway.domain.connection.ConnectionEvent.MalformedFrame;
import chat.gateway.domain.connection.ConnectionEvent.PeerClosed;
import chat.gateway.domain.connection.ConnectionEvent.Registered;
import chat.gateway.domain.connection.ConnectionEvent.RegistrationFailed;
import chat.gateway.domain.connection.ConnectionEvent.Tick;
import chat.gateway.domain.connection.ConnectionEvent.TokenAccepted;
import chat.gateway.domain.connection.ConnectionEvent.TokenRejected;
import chat.gateway.domain.connection.ConnectionEvent.VerifierUnavailable;
import chat.gateway.domain.connection.ConnectionState.Active;
import chat.gateway.domain.connection.ConnectionState.Authenticated;
import chat.gateway.domain.connection.ConnectionState.Authenticating;
import chat.gateway.domain.connection.ConnectionState.Closed;
import chat.gateway.domain.connection.ConnectionState.Connecting;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shared states, events and instants of the state machine tests. */
final class Fixtures {

  static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /** When the socket opened. */
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  /** When the last inbound frame of an authenticated connection arrived. */
  static final Instant LAST_INBOUND = T0.plusSeconds(2);

  /** Before every deadline of every fixture state. */
  static final Instant NOW = T0.plusSeconds(5);

  static final UserId ALICE = UserId.of(42);
  static final UserId BOB = UserId.of(7);

  static final Connecting CONNECTING = new Connecting(T0);

  /** The seq of the Auth frame under verification, and of the other frames of the fixtures. */
  static final long AUTH_SEQ = 1;

  static final long CHAT_SEQ = 2;
  static final long MALFORMED_SEQ = 3;

  static final Authenticating AUTHENTICATING = new Authenticating(T0, AUTH_SEQ);
  static final Authenticated AUTHENTICATED = new Authenticated(ALICE, LAST_INBOUND, AUTH_SEQ);
  static final Active ACTIVE = new Active(ALICE, LAST_INBOUND);

  static final ClientPayload.Auth AUTH = new ClientPayload.Auth("a-token");
  static final ClientPayload.Chat CHAT = new ClientPayload.Chat(7, "text", "hi", Optional.empty());
  static final FrameArrived AUTH_FRAME = new FrameArrived(new ClientFrame(AUTH_SEQ, AUTH));
  static final FrameArrived CHAT_FRAME = new FrameArrived(new ClientFrame(CHAT_SEQ, CHAT));
  static final MalformedFrame MALFORMED =
      new MalformedFrame(
          MALFORMED_SEQ, ErrorCode.WS_INVALID_PAYLOAD, "'status' must be delivered or read");
  static final TokenAccepted ACCEPTED = new TokenAccepted(ALICE);
  static final TokenRejected REJECTED = new TokenRejected("token expired");
  static final VerifierUnavailable UNAVAILABLE = new VerifierUnavailable();
  static final Registered REGISTERED = new Registered();
  static final RegistrationFailed REGISTRATION_FAILED = new RegistrationFailed();
  static final Tick TICK = new Tick();
  static final PeerClosed PEER_CLOSED = new PeerClosed();

  private Fixtures() {}

  static ConnectionStateMachine machine() {
    return new ConnectionStateMachine(AUTH_TIMEOUT, READ_TIMEOUT);
  }

  /** One open state of each kind. */
  static List<ConnectionState> openStates() {
    return List.of(CONNECTING, AUTHENTICATING, AUTHENTICATED, ACTIVE);
  }

  /** A closed state for every reason. */
  static List<Closed> closedStates() {
    List<Closed> states = new ArrayList<>();
    for (CloseReason reason : CloseReason.values()) {
      states.add(new Closed(reason));
    }
    return states;
  }

  /** One payload of every kind a client sends. */
  static List<ClientPayload> everyPayload() {
    return List.of(
        AUTH,
        CHAT,
        new ClientPayload.Ack(5, "read"),
        new ClientPayload.SyncReq(0, 0),
        new ClientPayload.Presence("away"),
        new ClientPayload.Ping(),
        new ClientPayload.PresenceSub(List.of(7L)));
  }

  /** At least one event of every kind: every request kind, every close reason. */
  static List<ConnectionEvent> everyEvent() {
    List<ConnectionEvent> events = new ArrayList<>();
    long seq = 10;
    for (ClientPayload payload : everyPayload()) {
      events.add(new FrameArrived(new ClientFrame(seq++, payload)));
    }
    events.add(MALFORMED);
    events.add(new MalformedFrame(0, ErrorCode.WS_INVALID_MESSAGE, "not a msgpack map"));
    events.add(ACCEPTED);
    events.add(new TokenAccepted(BOB));
    events.add(REJECTED);
    events.add(UNAVAILABLE);
    events.add(REGISTERED);
    events.add(TICK);
    for (CloseReason reason : CloseReason.values()) {
      events.add(new CloseRequested(reason));
    }
    events.add(PEER_CLOSED);
    return events;
  }
}
