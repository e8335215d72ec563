package chat.gateway.domain.connection;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the application must do because of a transition, in the order given. An effect carries
 * everything it needs (the request it serves, the seq its answer carries): the application keeps no
 * state of its own about the request in hand.
 */
public sealed interface Effect {

  /** Verify {@code token}, from the Auth frame that just arrived. */
  record VerifyToken(String token) implements Effect {
    public VerifyToken {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "VerifyToken[token=<" + token.length() + " chars>]";
    }
  }

  /** Serve {@code request}, of an authenticated connection; answers carry {@code seq}. */
  record Serve(long seq, ClientPayload.SessionRequest request) implements Effect {
    public Serve {
      Objects.requireNonNull(request, "request");
    }
  }

  /** Answer the request of {@code seq} with an Error. */
  record Reply(long seq, ErrorCode code, String message) implements Effect {
    public Reply {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Send an unsolicited Error (seq 0). */
  record Notify(ErrorCode code, String message) implements Effect {
    public Notify {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Answer the Auth frame of {@code seq} with success. */
  record AcceptAuth(long seq, UserId user) implements Effect {
    public AcceptAuth {
      Objects.requireNonNull(user, "user");
    }
  }

  /** Answer the Auth frame of {@code seq} with failure. */
  record RefuseAuth(long seq, String reason) implements Effect {
    public RefuseAuth {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Register the connection for its user (this may evict the user's oldest connection). */
  record Register(UserId user) implements Effect {}

  /**
   * Start the session: presence online, the presence snapshot, the backlog push; the backlog ends
   * at {@code resumePoint} when the client gave one (it syncs what follows it itself).
   */
  record StartSession(UserId user, Optional<MessageId> resumePoint) implements Effect {
    public StartSession {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(resumePoint, "resumePoint");
    }

    /** Without a resume point. */
    public StartSession(UserId user) {
      this(user, Optional.empty());
    }
  }

  /** Remove the connection from its user (presence goes offline with the last one). */
  record Unregister(UserId user) implements Effect {}

  /** Close the socket with the reason's close code. */
  record CloseSocket(CloseReason reason) implements Effect {}
}
