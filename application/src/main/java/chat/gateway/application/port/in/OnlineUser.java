package chat.gateway.application.port.in;

import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.List;
import java.util.Objects;

/**
 * A user as an operator sees them: the status they chose, and their live sessions, oldest first.
 */
public record OnlineUser(UserId user, PresenceStatus presence, List<AdminSession> sessions) {

  public OnlineUser {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(presence, "presence");
    sessions = List.copyOf(sessions);
  }
}
