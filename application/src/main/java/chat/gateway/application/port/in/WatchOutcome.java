package chat.gateway.application.port.in;

import chat.gateway.domain.ErrorCode;
import java.util.List;
import java.util.Objects;

/** The answer to a new watch list. */
public sealed interface WatchOutcome {

  /** Watching: the current status of each watched user, in the order first named. */
  record Watching(List<UserPresence> statuses) implements WatchOutcome {
    public Watching {
      statuses = List.copyOf(statuses);
    }
  }

  /** The watch list was not changed, for the client's {@code reason}. */
  record Refused(ErrorCode code, String reason) implements WatchOutcome {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
