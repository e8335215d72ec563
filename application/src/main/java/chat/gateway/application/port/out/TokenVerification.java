package chat.gateway.application.port.out;

import chat.gateway.domain.UserId;
import java.util.Objects;

/** The outcome of checking a token. */
public sealed interface TokenVerification {

  /** The token is valid and belongs to {@code user}. */
  record Verified(UserId user) implements TokenVerification {
    public Verified {
      Objects.requireNonNull(user, "user");
    }
  }

  /** The token is not acceptable, for {@code reason}. */
  record Rejected(String reason) implements TokenVerification {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
