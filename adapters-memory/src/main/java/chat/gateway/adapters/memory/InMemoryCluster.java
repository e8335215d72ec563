package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.application.port.out.Route;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The shared state of a cluster held in one process: instance liveness, the routing table, presence
 * and the watch index. A single-node gateway uses one of these with one instance; tests give
 * several instances views of the same state ({@link #routingTable}, {@link #presence}, {@link
 * #watchers}), which behave like the views of separate gateways sharing Redis.
 *
 * <p>Per-user state lives in concurrent maps changed with {@code compute}, so each change is atomic
 * per user and reads take no lock. Instance-level changes (a beat, claiming a lapsed instance,
 * leaving) take the write side of one lock, and the changes that add entries of an instance
 * (attach, connected, replace) its read side, so that an instance claimed as lapsed never gains an
 * entry its claimer misses. Liveness is read from the injected clock, so a test can let an instance
 * lapse without waiting.
 *
 * <p>Memory is bounded by the connections attached (routes, presence connections, watch lists) plus
 * one liveness entry per instance; a user without connections holds nothing.
 */
public final class InMemoryCluster {

  private final InstantSource clock;
  private final ReadWriteLock instances = new ReentrantReadWriteLock();

  /** Each instance's liveness deadline, epoch millis. */
  final Map<InstanceId, Long> liveUntil = new ConcurrentHashMap<>();

  /** Each user's live and lapsed routes, oldest first. */
  final Map<UserId, List<Route>> routes = new ConcurrentHashMap<>();

  /**
   * The routes of each instance with their session info, to list and count them for operators and
   * to remove them when it lapses or leaves. The info is the connection's own bounded record (see
   * {@link SessionInfo}), shared, not copied: a route costs one map entry here.
   */
  final Map<InstanceId, Map<UserConnection, SessionInfo>> routesOf = new ConcurrentHashMap<>();

  /** Users with at least one route (live or lapsed), in id order for paging. */
  final ConcurrentSkipListSet<UserId> routed = new ConcurrentSkipListSet<>();

  /** The presence of each user with at least one recorded connection. */
  final Map<UserId, UserPresence> presence = new ConcurrentHashMap<>();

  /** The presence connections of each instance. */
  final Map<InstanceId, Set<UserConnection>> presenceOf = new ConcurrentHashMap<>();

  /** Users whose chosen status is visible (not appear-offline), in id order for paging. */
  final ConcurrentSkipListSet<UserId> visible = new ConcurrentSkipListSet<>();

  /** Guards the watch index, which changes rarely (once per subscribe). */
  final Object watchLock = new Object();

  /** Watch lists by their connection. */
  final Map<InstanceConnection, WatchList> watchLists = new ConcurrentHashMap<>();

  /** Watched user to the connections watching them, with their owner. */
  final Map<UserId, Map<InstanceConnection, UserId>> watchersBySubject = new ConcurrentHashMap<>();

  /** The last presence version handed out, cluster-wide: each user's versions only grow. */
  private final AtomicLong version;

  /** A cluster whose liveness runs on {@code clock}. */
  public InMemoryCluster(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.version = new AtomicLong(Math.max(0, clock.millis()) * 1_000);
  }

  /** The routing table as instance {@code self} sees it. */
  public RoutingTable routingTable(InstanceId self) {
    return new InMemoryRoutingTable(this, self);
  }

  /** Presence as instance {@code self} sees it. */
  public PresenceDirectory presence(InstanceId self) {
    return new InMemoryPresenceDirectory(this, self);
  }

  /** The watch index as instance {@code self} sees it. */
  public PresenceWatchers watchers(InstanceId self) {
    return new InMemoryClusterPresenceWatchers(this, self);
  }

  long now() {
    return clock.millis();
  }

  boolean live(InstanceId instance) {
    return live(instance, now());
  }

  /** Whether {@code instance} is live at {@code now}, epoch millis. */
  boolean live(InstanceId instance, long now) {
    Long until = liveUntil.get(instance);
    return until != null && now < until;
  }

  /** Whether instance was live, then keeps it live for ttl. */
  boolean beat(InstanceId instance, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the liveness ttl must be positive, got " + ttl);
    }
    return exclusively(
        () -> {
          boolean wasLive = live(instance);
          liveUntil.put(instance, now() + ttl.toMillis());
          return !wasLive;
        });
  }

  long nextVersion() {
    return version.incrementAndGet();
  }

  /** Runs a change that adds entries of {@code self}, refused while it is not live. */
  <T> T asLive(InstanceId self, String what, Supplier<T> change) {
    instances.readLock().lock();
    try {
      if (!live(self)) {
        throw new ClusterStateUnavailableException(
            "cannot " + what + ": instance " + self + " is not live (no heartbeat, or it lapsed)",
            null);
      }
      return change.get();
    } finally {
      instances.readLock().unlock();
    }
  }

  /** Runs an instance-level change with no entry being added meanwhile. */
  <T> T exclusively(Supplier<T> change) {
    instances.writeLock().lock();
    try {
      return change.get();
    } finally {
      instances.writeLock().unlock();
    }
  }

  static Set<UserConnection> newIndex(InstanceId instance) {
    return ConcurrentHashMap.newKeySet();
  }

  static Map<UserConnection, SessionInfo> newRouteIndex(InstanceId instance) {
    return new ConcurrentHashMap<>();
  }

  /** One connection of a user, as an instance's index holds it. */
  record UserConnection(UserId user, ConnectionId connection) {}

  /** One connection of an instance. */
  record InstanceConnection(InstanceId instance, ConnectionId connection) {}

  /** A watch list and its owner. */
  record WatchList(UserId watcher, Set<UserId> subjects) {}

  /**
   * A user's recorded connections (live or not), the status they chose, and the status and version
   * others were last told.
   */
  record UserPresence(
      Set<InstanceConnection> connections,
      PresenceStatus chosen,
      PresenceStatus reported,
      long version) {}
}
