package chat.gateway.domain.delivery;

import chat.gateway.domain.DeliveryStatus;

/** What an Ack does to a message. */
public sealed interface AckDecision {

  /** The message moves forward to {@code status}; the sender gets a receipt. */
  record Advance(DeliveryStatus status) implements AckDecision {}

  /** The message is already at or past the acknowledged status; nothing changes, no error. */
  record Unchanged() implements AckDecision {}

  /** Only the recipient may acknowledge a message. */
  record NotRecipient() implements AckDecision {}

  /** A client can acknowledge "delivered" or "read", never "sent". */
  record InvalidStatus() implements AckDecision {}
}
