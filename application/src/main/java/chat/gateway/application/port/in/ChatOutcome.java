package chat.gateway.application.port.in;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import java.util.Objects;

/** What became of a chat message. */
public sealed interface ChatOutcome {

  /** Stored, now or before: the sender gets a ChatAck, then the message is pushed. */
  sealed interface Accepted extends ChatOutcome {
    Message message();

    /** The connection the message came from. */
    ConnectionId origin();
  }

  /** Stored now. */
  record Stored(Message message, ConnectionId origin) implements Accepted {
    public Stored {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** A retry: the sender stored this message before under the same client message id. */
  record Duplicate(Message message, ConnectionId origin) implements Accepted {
    public Duplicate {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** Not stored, for the client's {@code reason}. */
  record Refused(ErrorCode code, String reason) implements ChatOutcome {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
