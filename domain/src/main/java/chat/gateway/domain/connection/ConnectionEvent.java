package chat.gateway.domain.connection;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import java.util.Objects;

/** Something that happened to a connection. */
public sealed interface ConnectionEvent {

  /** A frame decoded into a request: the event carries it, for the effect that serves it. */
  record FrameArrived(ClientFrame frame) implements ConnectionEvent {
    public FrameArrived {
      Objects.requireNonNull(frame, "frame");
    }
  }

  /**
   * Bytes arrived that are not a valid request; the reply, carrying {@code seq} (0 when it could
   * not be read), says why.
   */
  record MalformedFrame(long seq, ErrorCode code, String reason) implements ConnectionEvent {
    public MalformedFrame {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The token verified; it belongs to {@code user}. */
  record TokenAccepted(UserId user) implements ConnectionEvent {
    public TokenAccepted {
      Objects.requireNonNull(user, "user");
    }
  }

  /** The token was refused, for {@code reason}. */
  record TokenRejected(String reason) implements ConnectionEvent {
    public TokenRejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The token could be neither accepted nor refused (the keys are out of reach); the client should
   * retry later.
   */
  record VerifierUnavailable() implements ConnectionEvent {}

  /** The connection is registered: pushes for its user reach it. */
  record Registered() implements ConnectionEvent {}

  /**
   * The connection could not be registered (the routing table or presence is unreachable): the Auth
   * is refused as unavailable, and the client retries later.
   */
  record RegistrationFailed() implements ConnectionEvent {}

  /** Time passed; deadlines are checked against the transition's {@code now}. */
  record Tick() implements ConnectionEvent {}

  /** The gateway closes the connection, for {@code reason}. */
  record CloseRequested(CloseReason reason) implements ConnectionEvent {
    public CloseRequested {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The client closed the connection, or the socket broke. */
  record PeerClosed() implements ConnectionEvent {}
}
