package chat.gateway.domain.connection;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import java.util.Objects;

/** Something the application must do because of a transition, in the order given. */
public sealed interface Effect {

  /** Verify the token of the Auth frame that just arrived. */
  record VerifyToken() implements Effect {}

  /** Serve the request that just arrived. */
  record Serve() implements Effect {}

  /** Answer the request that just arrived with an Error carrying its seq. */
  record Reply(ErrorCode code, String message) implements Effect {
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

  /** Answer the Auth frame with success. */
  record AcceptAuth(UserId user) implements Effect {}

  /** Answer the Auth frame with failure. */
  record RefuseAuth(String reason) implements Effect {}

  /** Register the connection for its user (this may evict the user's oldest connection). */
  record Register(UserId user) implements Effect {}

  /** Start the session: presence online, the presence snapshot, the backlog push. */
  record StartSession(UserId user) implements Effect {}

  /** Remove the connection from its user (presence goes offline with the last one). */
  record Unregister(UserId user) implements Effect {}

  /** Close the socket with the reason's close code. */
  record CloseSocket(CloseReason reason) implements Effect {}
}
