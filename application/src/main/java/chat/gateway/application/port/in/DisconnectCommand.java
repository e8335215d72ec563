package chat.gateway.application.port.in;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * Ends {@code user}'s sessions, or only {@code connection} when given. {@code reconnect} false is a
 * ban (close 4403: the client does not come back on its own), true a move (close 1001: it
 * reconnects with backoff, probably to another instance).
 */
public record DisconnectCommand(UserId user, Optional<ConnectionId> connection, boolean reconnect) {

  public DisconnectCommand {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(connection, "connection");
  }
}
