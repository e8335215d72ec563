package chat.gateway.adapters.memory;

import chat.gateway.adapters.memory.InMemoryCluster.UserConnection;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.InstanceLoad;
import chat.gateway.application.port.out.LiveSession;
import chat.gateway.application.port.out.Route;
import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.application.port.out.SessionPage;
import chat.gateway.application.port.out.UserSessions;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's reads of an {@link InMemoryCluster}'s routes ({@link InMemoryRoutingTable}'s
 * {@code sessionsOf}, {@code online}, {@code loads}): they take no lock, so an answer may mix
 * moments of a user's routes under concurrent changes, as a Redis page may.
 */
final class InMemoryRouteListing {

  private final InMemoryCluster cluster;

  InMemoryRouteListing(InMemoryCluster cluster) {
    this.cluster = cluster;
  }

  Map<UserId, List<LiveSession>> sessionsOf(Collection<UserId> users) {
    Map<UserId, List<LiveSession>> answer = new HashMap<>();
    long now = cluster.now();
    for (UserId user : users) {
      List<LiveSession> sessions = liveSessions(user, now);
      if (!sessions.isEmpty()) {
        answer.put(user, sessions);
      }
    }
    return Map.copyOf(answer);
  }

  SessionPage online(String cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    Iterable<UserId> from =
        cursor.isEmpty() ? cluster.routed : cluster.routed.tailSet(after(cursor), false);
    List<UserSessions> users = new ArrayList<>();
    long now = cluster.now();
    int scanned = 0;
    UserId lastScanned = null;
    for (UserId user : from) {
      if (scanned == limit) {
        // More remain: the next page starts after the last user this one looked at.
        return new SessionPage(users, lastScanned.toString());
      }
      scanned++;
      lastScanned = user;
      List<LiveSession> sessions = liveSessions(user, now);
      if (!sessions.isEmpty()) {
        users.add(new UserSessions(user, sessions));
      }
    }
    return new SessionPage(users, "");
  }

  List<InstanceLoad> loads() {
    List<InstanceLoad> loads = new ArrayList<>();
    long now = cluster.now();
    for (InstanceId instance : cluster.liveUntil.keySet()) {
      if (cluster.live(instance, now)) {
        Map<UserConnection, SessionInfo> index = cluster.routesOf.getOrDefault(instance, Map.of());
        Set<UserConnection> routes = Set.copyOf(index.keySet());
        long users = routes.stream().map(UserConnection::user).distinct().count();
        loads.add(new InstanceLoad(instance, routes.size(), (int) users));
      }
    }
    return List.copyOf(loads);
  }

  private List<LiveSession> liveSessions(UserId user, long now) {
    List<Route> routes = cluster.routes.getOrDefault(user, List.of());
    List<LiveSession> sessions = new ArrayList<>(routes.size());
    for (Route route : routes) {
      if (cluster.live(route.instance(), now)) {
        SessionInfo info =
            cluster
                .routesOf
                .getOrDefault(route.instance(), Map.of())
                .get(new UserConnection(user, route.connection()));
        sessions.add(
            new LiveSession(
                route.instance(),
                route.connection(),
                info != null ? info : SessionInfo.unknown(route.attachedAtMillis())));
      }
    }
    return sessions;
  }

  private static UserId after(String cursor) {
    try {
      return UserId.of(Long.parseLong(cursor));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an online cursor: '" + cursor + "'", e);
    }
  }
}
