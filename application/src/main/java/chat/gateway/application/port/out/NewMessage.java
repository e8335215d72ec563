package chat.gateway.application.port.out;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A message to store: everything but the id and the status, which the store sets. */
public record NewMessage(
    UserId from,
    UserId to,
    ContentType type,
    String content,
    Instant createdAt,
    Optional<String> clientMsgId) {

  public NewMessage {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    // An empty key is no key: it must never make two messages one.
    clientMsgId = clientMsgId.filter(key -> !key.isEmpty());
  }
}
