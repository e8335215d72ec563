package chat.gateway.domain.connection;

import java.util.List;
import java.util.Objects;

/** The state after an event and the effects to carry out, in order. */
public record Transition(ConnectionState next, List<Effect> effects) {
  public Transition {
    Objects.requireNonNull(next, "next");
    effects = List.copyOf(effects);
  }

  static Transition to(ConnectionState next, Effect... effects) {
    return new Transition(next, List.of(effects));
  }
}
