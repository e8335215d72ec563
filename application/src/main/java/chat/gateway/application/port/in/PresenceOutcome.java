package chat.gateway.application.port.in;

import chat.gateway.domain.PresenceStatus;
import java.util.Objects;

/** What choosing a status changed, as the user's audience sees it. Never answered. */
public sealed interface PresenceOutcome {

  /** Others now see {@code status}; they are told. */
  record Changed(PresenceStatus status) implements PresenceOutcome {
    public Changed {
      Objects.requireNonNull(status, "status");
    }
  }

  /** Others see no difference (the same status, or another connection keeps it). */
  record Unchanged() implements PresenceOutcome {}
}
