package chat.gateway.application.port.in;

import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.util.Objects;

/** {@code recipient} acknowledges message {@code messageId} as {@code status}. */
public record AcknowledgeCommand(UserId recipient, MessageId messageId, DeliveryStatus status) {
  public AcknowledgeCommand {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(status, "status");
  }
}
