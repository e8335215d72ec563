package chat.gateway.application.port.out;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.Set;

/**
 * Which users watch whose presence, for the {@code subscribed} audience: the reverse index from a
 * watched user to the users with a connection watching them. Safe from many threads.
 *
 * <p>In a cluster the index is shared: a watch list belongs to the instance of the view it was
 * given to, {@link #watchersOf} answers across every live instance and ignores the lists of an
 * instance whose liveness lapsed (see {@link RoutingTable#heartbeat}), and {@link #expireLapsed}
 * removes them. A cluster index throws {@link ClusterStateUnavailableException} when it cannot be
 * reached. A single process's index has no instances: there the two default methods do nothing.
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

  /**
   * Removes the watch lists of every instance whose liveness lapsed. Any instance may call it at
   * any time; returns how many lists it removed.
   */
  default int expireLapsed() {
    return 0;
  }

  /** Drops every watch list of this view's instance (a clean shutdown); returns how many. */
  default int leave() {
    return 0;
  }
}
