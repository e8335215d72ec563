package chat.gateway.adapters.memory;

import chat.gateway.adapters.memory.InMemoryCluster.UserConnection;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.InstanceLoad;
import chat.gateway.application.port.out.LiveSession;
import chat.gateway.application.port.out.Route;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.application.port.out.SessionPage;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The routing table of an {@link InMemoryCluster} as one instance sees it. */
public final class InMemoryRoutingTable implements RoutingTable {

  private final InMemoryCluster cluster;
  private final InstanceId self;

  InMemoryRoutingTable(InMemoryCluster cluster, InstanceId self) {
    this.cluster = cluster;
    this.self = Objects.requireNonNull(self, "self");
  }

  @Override
  public InstanceId self() {
    return self;
  }

  @Override
  public List<Route> attach(
      UserId user, ConnectionId connection, SessionInfo session, int maxPerUser) {
    Objects.requireNonNull(session, "session");
    if (maxPerUser < 1) {
      throw new IllegalArgumentException("maxPerUser must be at least 1, got " + maxPerUser);
    }
    return cluster.asLive(
        self,
        "attach a connection",
        () -> {
          List<Route> evicted = new ArrayList<>();
          cluster.routes.compute(
              user,
              (u, current) -> {
                List<Route> routes = current == null ? List.of() : current;
                if (routes.stream().anyMatch(r -> isSelf(r, connection))) {
                  return current;
                }
                List<Route> next = new ArrayList<>(routes.size() + 1);
                next.addAll(routes);
                next.add(new Route(self, connection, cluster.now()));
                cluster
                    .routesOf
                    .computeIfAbsent(self, InMemoryCluster::newRouteIndex)
                    .put(new UserConnection(user, connection), session);
                cluster.routed.add(user);
                long excess = next.stream().filter(r -> cluster.live(r.instance())).count();
                excess -= maxPerUser;
                for (int i = 0; i < next.size() && excess > 0; ) {
                  Route route = next.get(i);
                  if (cluster.live(route.instance())) {
                    next.remove(i);
                    evicted.add(route);
                    unindex(route.instance(), user, route.connection());
                    excess--;
                  } else {
                    i++;
                  }
                }
                return List.copyOf(next);
              });
          return List.copyOf(evicted);
        });
  }

  @Override
  public boolean detach(UserId user, ConnectionId connection) {
    boolean[] removed = new boolean[1];
    cluster.routes.computeIfPresent(
        user,
        (u, routes) -> {
          List<Route> next = routes.stream().filter(r -> !isSelf(r, connection)).toList();
          removed[0] = next.size() < routes.size();
          return orUnrouted(user, next);
        });
    if (removed[0]) {
      unindex(self, user, connection);
    }
    return removed[0];
  }

  @Override
  public boolean attached(UserId user, ConnectionId connection) {
    List<Route> routes = cluster.routes.get(user);
    return routes != null
        && cluster.live(self)
        && routes.stream().anyMatch(r -> isSelf(r, connection));
  }

  @Override
  public Map<UserId, Set<InstanceId>> instancesOf(Collection<UserId> users) {
    // Called for every chat and receipt: one clock read, and no set built for the usual user whose
    // routes are all on one instance.
    Map<UserId, Set<InstanceId>> answer = null;
    long now = cluster.now();
    for (UserId user : users) {
      List<Route> routes = cluster.routes.get(user);
      if (routes == null) {
        continue;
      }
      Set<InstanceId> instances = liveInstancesOf(routes, now);
      if (!instances.isEmpty()) {
        if (answer == null) {
          answer = new HashMap<>();
        }
        answer.put(user, instances);
      }
    }
    return answer == null ? Map.of() : answer;
  }

  private Set<InstanceId> liveInstancesOf(List<Route> routes, long now) {
    InstanceId only = null;
    Set<InstanceId> several = null;
    for (Route route : routes) {
      InstanceId instance = route.instance();
      if (instance.equals(only) || (several != null && several.contains(instance))) {
        continue;
      }
      if (!cluster.live(instance, now)) {
        continue;
      }
      if (only == null) {
        only = instance;
      } else {
        if (several == null) {
          several = new HashSet<>();
          several.add(only);
        }
        several.add(instance);
      }
    }
    return several != null ? Set.copyOf(several) : only != null ? Set.of(only) : Set.of();
  }

  @Override
  public Map<UserId, List<LiveSession>> sessionsOf(Collection<UserId> users) {
    return new InMemoryRouteListing(cluster).sessionsOf(users);
  }

  @Override
  public SessionPage online(String cursor, int limit) {
    return new InMemoryRouteListing(cluster).online(cursor, limit);
  }

  @Override
  public List<InstanceLoad> loads() {
    return new InMemoryRouteListing(cluster).loads();
  }

  @Override
  public Set<InstanceId> liveInstances() {
    Set<InstanceId> live = new HashSet<>();
    cluster
        .liveUntil
        .keySet()
        .forEach(
            i -> {
              if (cluster.live(i)) {
                live.add(i);
              }
            });
    return Set.copyOf(live);
  }

  @Override
  public boolean heartbeat(Duration ttl) {
    return cluster.beat(self, ttl);
  }

  @Override
  public Set<InstanceId> expireLapsed() {
    return cluster.exclusively(
        () -> {
          Set<InstanceId> lapsed = new HashSet<>();
          Set<InstanceId> known = new HashSet<>(cluster.liveUntil.keySet());
          known.addAll(cluster.routesOf.keySet());
          for (InstanceId instance : known) {
            if (!cluster.live(instance)) {
              cluster.liveUntil.remove(instance);
              removeRoutesOf(instance);
              lapsed.add(instance);
            }
          }
          return Set.copyOf(lapsed);
        });
  }

  @Override
  public void leave() {
    cluster.exclusively(
        () -> {
          cluster.liveUntil.remove(self);
          removeRoutesOf(self);
          return null;
        });
  }

  private void removeRoutesOf(InstanceId instance) {
    Map<UserConnection, SessionInfo> index = cluster.routesOf.remove(instance);
    if (index == null) {
      return;
    }
    for (UserConnection entry : index.keySet()) {
      cluster.routes.computeIfPresent(
          entry.user(),
          (u, routes) -> {
            List<Route> next =
                routes.stream()
                    .filter(
                        r ->
                            !(r.instance().equals(instance)
                                && r.connection().equals(entry.connection())))
                    .toList();
            return orUnrouted(entry.user(), next);
          });
    }
  }

  /** The user's remaining routes, or null (no entry) when none remain: then not routed either. */
  private List<Route> orUnrouted(UserId user, List<Route> remaining) {
    if (remaining.isEmpty()) {
      cluster.routed.remove(user);
      return null;
    }
    return remaining;
  }

  private void unindex(InstanceId instance, UserId user, ConnectionId connection) {
    Map<UserConnection, SessionInfo> index = cluster.routesOf.get(instance);
    if (index != null) {
      index.remove(new UserConnection(user, connection));
    }
  }

  private boolean isSelf(Route route, ConnectionId connection) {
    return route.instance().equals(self) && route.connection().equals(connection);
  }
}
