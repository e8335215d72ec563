package chat.gateway.application.port.out;

import chat.gateway.domain.ConnectionId;
import java.util.Objects;

/** One live connection of a user, as the routing table lists it for an operator. */
public record LiveSession(InstanceId instance, ConnectionId connection, SessionInfo info) {

  public LiveSession {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(info, "info");
  }
}
