package chat.gateway.application.port.in;

import chat.gateway.domain.UserId;
import java.util.Objects;

/** Whose token it is, or why it is not accepted. */
public sealed interface AuthOutcome {

  /** The token is valid and names {@code user}, whom the directory knows. */
  record Accepted(UserId user) implements AuthOutcome {
    public Accepted {
      Objects.requireNonNull(user, "user");
    }
  }

  /** The token is not acceptable, for {@code reason}. */
  record Rejected(String reason) implements AuthOutcome {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The token could be neither accepted nor refused (the keys are out of reach): retry later. */
  record Unavailable(RuntimeException cause) implements AuthOutcome {
    public Unavailable {
      Objects.requireNonNull(cause, "cause");
    }
  }
}
