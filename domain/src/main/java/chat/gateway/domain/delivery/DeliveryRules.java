package chat.gateway.domain.delivery;

import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;

/**
 * The ack rules: only the recipient acknowledges; a status only moves forward; "read" implies
 * "delivered", so a read ack on a sent message moves it straight to read.
 */
public final class DeliveryRules {

  private DeliveryRules() {}

  public static AckDecision decide(Message message, UserId actor, DeliveryStatus requested) {
    if (!message.to().equals(actor)) {
      return new AckDecision.NotRecipient();
    }
    if (requested == DeliveryStatus.SENT) {
      return new AckDecision.InvalidStatus();
    }
    if (message.status().isBefore(requested)) {
      return new AckDecision.Advance(requested);
    }
    return new AckDecision.Unchanged();
  }
}
