package chat.gateway.domain.delivery;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import java.util.Objects;
import java.util.Optional;

/** The outcome of checking a Chat request. */
public sealed interface ChatValidation {

  /** A well-formed message, ready to be stored (the recipient's existence is checked next). */
  record Valid(UserId to, ContentType type, String content, Optional<String> clientMsgId)
      implements ChatValidation {
    public Valid {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(clientMsgId, "clientMsgId");
    }
  }

  /** Refused, with the code and a reason for the client. */
  record Invalid(ErrorCode code, String reason) implements ChatValidation {}
}
