package chat.gateway.application.registry;

import java.util.Optional;

/** The outcome of registering a connection: the user's oldest connection when it had to go. */
public record Registration(Optional<Connection> evicted) {
  public Registration {
    java.util.Objects.requireNonNull(evicted, "evicted");
  }
}
