package chat.gateway.application.port.in;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.List;
import java.util.Objects;

/**
 * Connection {@code connection} of {@code watcher} watches {@code subjects} from now on, instead of
 * whom it watched before. Repeats count against the limit, as they arrived.
 */
public record WatchPresenceCommand(UserId watcher, ConnectionId connection, List<UserId> subjects) {
  public WatchPresenceCommand {
    Objects.requireNonNull(watcher, "watcher");
    Objects.requireNonNull(connection, "connection");
    subjects = List.copyOf(subjects);
  }
}
