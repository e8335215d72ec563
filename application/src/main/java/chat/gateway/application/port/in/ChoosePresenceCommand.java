package chat.gateway.application.port.in;

import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.Objects;

/** {@code user} chooses {@code status}. */
public record ChoosePresenceCommand(UserId user, PresenceStatus status) {
  public ChoosePresenceCommand {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(status, "status");
  }
}
