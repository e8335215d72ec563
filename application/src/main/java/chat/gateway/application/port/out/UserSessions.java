package chat.gateway.application.port.out;

import chat.gateway.domain.UserId;
import java.util.List;
import java.util.Objects;

/** A user's live sessions across the cluster, oldest first. */
public record UserSessions(UserId user, List<LiveSession> sessions) {

  public UserSessions {
    Objects.requireNonNull(user, "user");
    sessions = List.copyOf(sessions);
  }
}
