package chat.gateway.application.port.in;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * A well-formed chat message from {@code sender}, sent on connection {@code origin} (which the push
 * skips: it has the ChatAck). The content's limits are checked where the request is read.
 */
public record SendChatCommand(
    UserId sender,
    ConnectionId origin,
    UserId to,
    ContentType type,
    String content,
    Optional<String> clientMsgId) {
  public SendChatCommand {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(clientMsgId, "clientMsgId");
  }
}
