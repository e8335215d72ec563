package chat.gateway.application.port.in;

import java.util.Objects;

/** A live instance and what it holds: its attached connections and their distinct users. */
public record InstanceCounts(String instance, int connections, int users) {

  public InstanceCounts {
    Objects.requireNonNull(instance, "instance");
  }
}
