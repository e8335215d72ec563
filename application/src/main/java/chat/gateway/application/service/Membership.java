package chat.gateway.application.service;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.application.port.out.Route;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.registry.Connection;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's part in the cluster: its authenticated connections joining and leaving the
 * routing table and presence, its liveness, and the clean-up after instances that died.
 *
 * <p>The registry of this instance's sockets is the truth the shared state converges on. The
 * connections that joined are remembered, so that {@link #maintain} can take out those the registry
 * no longer holds (a session that failed before it could say it ended, or a detach that failed
 * while the routing table was down), and put back those the shared state lost (Redis restarted
 * empty, or this instance lapsed during a long pause and another instance expired it). The upkeep
 * looks only at connections that left the registry without completing {@link #leave}, so its cost
 * follows the connections that closed, not those that are open.
 */
public final class Membership {

  private static final System.Logger LOG = System.getLogger(Membership.class.getName());

  private final RoutingTable routes;
  private final PresenceService presence;
  private final PresenceWatchers watchers;
  private final ConnectionRegistry registry;
  private final EventRouting router;
  private final EventBus bus;
  private final int maxPerUser;
  private final Map<ConnectionId, UserId> joined = new ConcurrentHashMap<>();
  private final Set<ConnectionId> joining = ConcurrentHashMap.newKeySet();

  /**
   * Joined connections the registry let go of (or whose leave failed), not yet left, with the round
   * of upkeep in which they were seen to go: at most one entry per joined connection.
   */
  private final Map<ConnectionId, Long> departed = new ConcurrentHashMap<>();

  /** Rounds of upkeep so far. */
  private final AtomicLong rounds = new AtomicLong();

  private volatile boolean left;
  private boolean rejoinPending;
  private final OutageLog heartbeatOutage =
      new OutageLog(
          LOG,
          "the instance heartbeat",
          "check the routing table's store (Redis); this instance's users may look offline elsewhere");

  public Membership(
      RoutingTable routes,
      PresenceService presence,
      PresenceWatchers watchers,
      ConnectionRegistry registry,
      EventRouting router,
      EventBus bus,
      int maxPerUser) {
    this.routes = routes;
    this.presence = presence;
    this.watchers = watchers;
    this.registry = registry;
    this.router = router;
    this.bus = bus;
    this.maxPerUser = maxPerUser;
    registry.onDeparture(this::departed);
  }

  /**
   * An authenticated connection joins the cluster: it is attached to the routing table (the user's
   * oldest connections beyond the cluster-wide cap are closed wherever they are) and its user may
   * come online. Throws when the routing table or presence cannot be reached; the caller then
   * refuses the connection, and {@link #leave} undoes what was done. Pushes find it once it is
   * {@link #open}.
   */
  public void join(Connection connection) {
    UserId user = connection.user();
    // Not in the registry until it is open: the upkeep must not take it for one that is gone.
    joining.add(connection.id());
    joined.put(connection.id(), user);
    attach(connection);
  }

  /**
   * A joined connection is registered here, once its client has been answered: from now on pushes
   * on this instance reach it. Its user's oldest connection here beyond the cap is closed.
   */
  public void open(Connection connection) {
    registry.register(connection).evicted().ifPresent(old -> old.close(CloseReason.REPLACED));
    joining.remove(connection.id());
  }

  /**
   * A connection left: it is taken out of the registry, the routing table and presence, each on its
   * own, so that a failure of one leaves the others done; {@link #maintain} retries.
   */
  public void leave(UserId user, ConnectionId connection) {
    joining.remove(connection);
    registry.unregister(user, connection);
    presence.forget(connection);
    RuntimeException failure = null;
    try {
      routes.detach(user, connection);
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      presence.change(user, () -> presence.directory().disconnected(user, connection));
    } catch (RuntimeException e) {
      failure = failure == null ? e : failure;
    }
    if (failure != null) {
      // Retried by the upkeep, whether or not the registry ever held it.
      departed.putIfAbsent(connection, rounds.get());
      throw failure;
    }
    joined.remove(connection, user);
    departed.remove(connection);
  }

  /**
   * One round of upkeep, run periodically and never throwing: keeps this instance alive for {@code
   * ttl}, rejoins what the shared state lost, expires instances that died (their users turn offline
   * and their watchers are told), and takes out connections the registry no longer holds. Returns
   * how many connections were taken out.
   */
  public int maintain(Duration ttl) {
    if (left) {
      return 0;
    }
    try {
      if (routes.heartbeat(ttl)) {
        rejoinPending = true;
        rejoinBus();
      }
      heartbeatOutage.succeeded();
      if (rejoinPending) {
        // Until every connection is back: a failure halfway is retried at the next round.
        rejoinAll();
        rejoinPending = false;
      }
      for (InstanceId gone : routes.expireLapsed()) {
        LOG.log(Level.WARNING, "instance {0} stopped beating; its routes are gone", gone);
        bus.forget(gone);
      }
      presence.directory().expireLapsed().forEach(presence::announce);
      watchers.expireLapsed();
    } catch (RuntimeException e) {
      heartbeatOutage.failed(e);
    }
    return takeOutGone();
  }

  /** Leaves the cluster at a clean shutdown: this instance's routes and presence go at once. */
  public void leaveCluster() {
    left = true;
    try {
      routes.leave();
      presence.directory().leave().forEach(presence::announce);
      watchers.leave();
      // Nobody expires an instance that left: its queue goes with it.
      bus.forget(routes.self());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "could not leave the cluster cleanly ({0}); the others expire this instance",
          e.toString());
    }
  }

  /**
   * Another instance may have expired this one while it was not live, and made the bus forget it:
   * its events must reach it again before its routes reappear. A failure here must not keep the
   * connections from being attached again: their pushes then wait for the bus to recover.
   */
  private void rejoinBus() {
    try {
      bus.rejoin(routes.self());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "could not subscribe this instance to the event bus again ({0}); pushes from other"
              + " instances may not arrive until it recovers",
          e.toString());
    }
  }

  /** Attaches again every connection this instance holds, and tells of any that came online. */
  private void rejoinAll() {
    int count = 0;
    for (Connection connection : registry.authenticated()) {
      attach(connection);
      presence.restoreWatchList(connection.id(), connection.user());
      count++;
    }
    if (count > 0) {
      LOG.log(
          Level.WARNING,
          "this instance was missing from the routing table; attached its {0} connections again",
          count);
    }
  }

  /**
   * Attaches {@code connection} to the routing table, closes the user's routes the cap evicted
   * wherever they are, and records its presence (idempotent: a rejoin repeats it).
   */
  private void attach(Connection connection) {
    UserId user = connection.user();
    for (Route route : routes.attach(user, connection.id(), connection.session(), maxPerUser)) {
      router.send(route.instance(), new ClusterEvent.Evict(Set.of(user), route.connection()));
    }
    presence.change(user, () -> presence.directory().connected(user, connection.id()));
  }

  /** The registry let go of {@code connection}: the upkeep takes it out unless it leaves itself. */
  private void departed(UserId user, ConnectionId connection) {
    if (user.equals(joined.get(connection))) {
      departed.putIfAbsent(connection, rounds.get());
    }
  }

  /**
   * Takes out the joined connections the registry let go of at least a whole round ago and that
   * have not left since: a session that is closing normally leaves within that time on its own, so
   * only the ones that never will are taken out (and counted, in one log line per round).
   */
  private int takeOutGone() {
    long round = rounds.incrementAndGet();
    int taken = 0;
    try {
      for (Map.Entry<ConnectionId, Long> entry : departed.entrySet()) {
        ConnectionId connection = entry.getKey();
        UserId user = joined.get(connection);
        if (user == null || isRegistered(user, connection)) {
          departed.remove(connection, entry.getValue());
        } else if (entry.getValue() < round - 1 && !joining.contains(connection)) {
          leave(user, connection);
          taken++;
        }
      }
    } catch (RuntimeException e) {
      heartbeatOutage.failed(e);
    }
    if (taken > 0) {
      LOG.log(
          Level.WARNING,
          "took out {0} connection(s) that had closed without leaving the routing table and"
              + " presence (a failed session, or a leave while the routing table was down)",
          taken);
    }
    return taken;
  }

  private boolean isRegistered(UserId user, ConnectionId connection) {
    for (Connection c : registry.connectionsOf(user)) {
      if (c.id().equals(connection)) {
        return true;
      }
    }
    return false;
  }
}
