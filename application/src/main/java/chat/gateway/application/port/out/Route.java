package chat.gateway.application.port.out;

import chat.gateway.domain.ConnectionId;
import java.util.Objects;

/** Where one connection of a user lives: its instance, and when it attached (epoch millis). */
public record Route(InstanceId instance, ConnectionId connection, long attachedAtMillis) {

  public Route {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(connection, "connection");
  }
}
