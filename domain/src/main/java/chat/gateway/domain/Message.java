package chat.gateway.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored 1:1 chat message.
 *
 * @param createdAt when the gateway accepted it; kept at millisecond precision, as on the wire
 * @param clientMsgId the sender's idempotency key, when the sender gave a non-empty one
 */
public record Message(
    MessageId id,
    UserId from,
    UserId to,
    ContentType type,
    String content,
    Instant createdAt,
    DeliveryStatus status,
    Optional<String> clientMsgId) {

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    clientMsgId = clientMsgId.filter(key -> !key.isEmpty());
  }

  /** This message with another status; the caller has checked the move is allowed. */
  public Message withStatus(DeliveryStatus newStatus) {
    return new Message(id, from, to, type, content, createdAt, newStatus, clientMsgId);
  }

  /** True when {@code user} sent or receives this message. */
  public boolean involves(UserId user) {
    return from.equals(user) || to.equals(user);
  }
}
