package chat.gateway.application.port.out;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user → instance routing table of a cluster, as seen from one instance ({@link #self()}).
 *
 * <p>Every instance keeps a liveness entry alive with {@link #heartbeat}; a route of an instance
 * whose liveness lapsed is ignored by every read at once and removed by {@link #expireLapsed}, so a
 * crashed instance never holds a user's pushes. At most {@code maxPerUser} routes of a user live
 * across the whole cluster; attaching one more detaches the oldest, wherever it is.
 *
 * <p>Every method is atomic per user, safe from many threads, and throws {@link
 * ClusterStateUnavailableException} when the table cannot be reached.
 */
public interface RoutingTable {

  /** The instance this view attaches connections to. */
  InstanceId self();

  /**
   * Attaches {@code connection} of {@code user} to this instance with what an operator sees of it
   * ({@code session}, kept with the route until it is detached); attaching it again changes
   * nothing, its first session info included. When the user then has more than {@code maxPerUser}
   * live routes across the cluster, the oldest are detached and returned, oldest first, for their
   * instances to close. Refused with {@link ClusterStateUnavailableException} while this instance
   * is not live (before its first {@link #heartbeat}, or after its liveness lapsed): such a route
   * would be ignored by every read.
   */
  List<Route> attach(UserId user, ConnectionId connection, SessionInfo session, int maxPerUser);

  /** Detaches a connection of this instance; false when it was not attached (evicted, expired). */
  boolean detach(UserId user, ConnectionId connection);

  /** Whether the connection is still attached (false once evicted by a newer one, or expired). */
  boolean attached(UserId user, ConnectionId connection);

  /**
   * The live instances holding at least one connection of each of {@code users}, in one round trip;
   * a user with none is absent from the answer.
   */
  Map<UserId, Set<InstanceId>> instancesOf(Collection<UserId> users);

  /**
   * The live sessions of each of {@code users} with their session info, oldest first, in one round
   * trip; a user with none is absent from the answer. For operators, not for routing.
   */
  Map<UserId, List<LiveSession>> sessionsOf(Collection<UserId> users);

  /**
   * One page of the users with at least one live session, with those sessions as {@link
   * #sessionsOf} lists them: start with {@code ""}, go on with {@link SessionPage#next()} until the
   * last page. Users come in an order of the adapter's own; a user attached throughout the paging
   * appears on exactly one page, one who came or went meanwhile on one page or none. At most {@code
   * limit} users a page, possibly fewer before the last. A cursor not given by a page is refused
   * with {@link IllegalArgumentException}.
   */
  SessionPage online(String cursor, int limit);

  /**
   * Every live instance with the connections attached to it and their distinct users, in one round
   * trip.
   */
  List<InstanceLoad> loads();

  /** The instances whose liveness has not lapsed, this one included once it beat. */
  Set<InstanceId> liveInstances();

  /**
   * Keeps this instance alive for {@code ttl}; call it well within the ttl. Returns true when this
   * instance was not live before the beat: its first beat, a lapse, or the shared state lost it
   * (Redis restarted empty). Its routes may then be gone, so the caller attaches its live
   * connections again (attach is idempotent) and records their presence again.
   */
  boolean heartbeat(Duration ttl);

  /**
   * Removes the routes of every instance whose liveness lapsed, and the instance itself; returns
   * the instances removed. Any instance may call it at any time; each lapsed instance is returned
   * to exactly one caller.
   */
  Set<InstanceId> expireLapsed();

  /** Removes this instance and all its routes (a clean shutdown); its liveness ends at once. */
  void leave();
}
