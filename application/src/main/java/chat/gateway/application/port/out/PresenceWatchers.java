package chat.gateway.application.port.out;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.Set;

/**
 * Which users watch whose presence, for the {@code subscribed} audience: the reverse index from a
 * watched user to the users with a connection watching them. Safe from many threads.
 */
public interface PresenceWatchers {

  /**
   * Makes {@code subjects} the whole watch list of {@code connection}, owned by {@code watcher}.
   */
  void replace(ConnectionId connection, UserId watcher, Set<UserId> subjects);

  /** Drops the watch list of {@code connection}; nothing happens when it has none. */
  void remove(ConnectionId connection);

  /** The users with at least one connection watching {@code subject}. */
  Set<UserId> watchersOf(UserId subject);
}
