package chat.gateway.application.port.in;

import chat.gateway.domain.ConnectionId;
import java.time.Instant;
import java.util.Objects;

/**
 * One live session as an operator sees it: the instance holding it, its connection id (to name it
 * in a disconnect), the client's address and User-Agent from the upgrade (at most 64 and 256
 * printable ASCII characters; empty when unknown), and when it authenticated.
 */
public record AdminSession(
    String instance,
    ConnectionId connection,
    String remoteAddress,
    String userAgent,
    Instant connectedSince) {

  public AdminSession {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(connectedSince, "connectedSince");
  }
}
