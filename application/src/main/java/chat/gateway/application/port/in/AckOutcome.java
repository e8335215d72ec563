package chat.gateway.application.port.in;

import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import java.util.Objects;

/** What an Ack did. Neither a move nor a no-op is answered; a refusal is. */
public sealed interface AckOutcome {

  /** The message moved forward; the sender was sent a receipt. */
  record Advanced(Message message) implements AckOutcome {
    public Advanced {
      Objects.requireNonNull(message, "message");
    }
  }

  /** The message was already at or past the status: acks are idempotent. */
  record Unchanged() implements AckOutcome {}

  /** Refused, for the client's {@code reason}. */
  record Refused(ErrorCode code, String reason) implements AckOutcome {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
