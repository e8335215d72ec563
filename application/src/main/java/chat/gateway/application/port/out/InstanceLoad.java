package chat.gateway.application.port.out;

import java.util.Objects;

/** A live instance and what it holds: its attached connections and their distinct users. */
public record InstanceLoad(InstanceId instance, int connections, int users) {

  public InstanceLoad {
    Objects.requireNonNull(instance, "instance");
    if (connections < 0 || users < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative, got " + connections + " connections, " + users + " users");
    }
  }
}
