package chat.gateway.application.port.out;

import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.Objects;

/**
 * A user's status as others now see it, with its version: versions of one user only grow, so a
 * receiver drops a change older than one it already applied, whatever order they arrived in.
 */
public record PresenceChange(UserId user, PresenceStatus status, long version) {

  public PresenceChange {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(status, "status");
    if (version <= 0) {
      throw new IllegalArgumentException("version must be positive, got " + version);
    }
  }
}
