package chat.gateway.application.port.in;

import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.Objects;

/** A user's presence as others see it. */
public record UserPresence(UserId user, PresenceStatus status) {
  public UserPresence {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(status, "status");
  }
}
