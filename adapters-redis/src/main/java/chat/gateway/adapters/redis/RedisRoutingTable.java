package chat.gateway.adapters.redis;

import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.InstanceLoad;
import chat.gateway.application.port.out.LiveSession;
import chat.gateway.application.port.out.Route;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.application.port.out.SessionPage;
import chat.gateway.application.port.out.UserSessions;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The routing table in Redis as one instance sees it; one Lua script per call. Routes are ordered
 * by Redis's own clock ({@code TIME}, strictly increasing per user), so the cluster-wide cap does
 * not depend on the instances' clocks.
 */
public final class RedisRoutingTable implements RoutingTable {

  private final RedisAccess redis;
  private final InstanceId self;

  RedisRoutingTable(RedisAccess redis, InstanceId self) {
    this.redis = redis;
    this.self = Objects.requireNonNull(self, "self");
  }

  @Override
  public InstanceId self() {
    return self;
  }

  @Override
  public List<Route> attach(
      UserId user, ConnectionId connection, SessionInfo session, int maxPerUser) {
    if (maxPerUser < 1) {
      throw new IllegalArgumentException("maxPerUser must be at least 1, got " + maxPerUser);
    }
    List<Object> reply =
        redis.run(
            "attach a connection",
            RedisScripts.ATTACH,
            ScriptOutputType.MULTI,
            self.value(),
            user.toString(),
            connection.value(),
            Integer.toString(maxPerUser),
            RedisSessionInfo.encode(session));
    if (((Long) reply.getFirst()) == 0) {
      throw notLive(self, redis, "attach a connection");
    }
    List<Route> evicted = new ArrayList<>();
    for (int i = 1; i + 2 < reply.size(); i += 3) {
      evicted.add(
          new Route(
              new InstanceId((String) reply.get(i)),
              new ConnectionId((String) reply.get(i + 1)),
              (long) Double.parseDouble((String) reply.get(i + 2)) / 1_000));
    }
    return List.copyOf(evicted);
  }

  @Override
  public boolean detach(UserId user, ConnectionId connection) {
    Long removed =
        redis.run(
            "detach a connection",
            RedisScripts.DETACH,
            ScriptOutputType.INTEGER,
            self.value(),
            user.toString(),
            connection.value());
    return removed == 1;
  }

  @Override
  public boolean attached(UserId user, ConnectionId connection) {
    Long attached =
        redis.run(
            "look up a connection",
            RedisScripts.ATTACHED,
            ScriptOutputType.INTEGER,
            self.value(),
            user.toString(),
            connection.value());
    return attached == 1;
  }

  @Override
  public Map<UserId, Set<InstanceId>> instancesOf(Collection<UserId> users) {
    if (users.isEmpty()) {
      return Map.of();
    }
    List<UserId> asked = List.copyOf(users);
    List<String> args = asked.stream().map(UserId::toString).toList();
    List<Object> reply =
        redis.run("look up routes", RedisScripts.INSTANCES_OF, ScriptOutputType.MULTI, args);
    Map<UserId, Set<InstanceId>> answer = new HashMap<>();
    for (int i = 0; i < asked.size(); i++) {
      List<?> instances = (List<?>) reply.get(i);
      if (!instances.isEmpty()) {
        Set<InstanceId> set = new HashSet<>();
        instances.forEach(id -> set.add(new InstanceId((String) id)));
        answer.put(asked.get(i), Set.copyOf(set));
      }
    }
    return answer;
  }

  @Override
  public Map<UserId, List<LiveSession>> sessionsOf(Collection<UserId> users) {
    if (users.isEmpty()) {
      return Map.of();
    }
    List<UserId> asked = List.copyOf(users);
    List<Object> reply =
        redis.run(
            "list sessions",
            RedisScripts.SESSIONS_OF,
            ScriptOutputType.MULTI,
            asked.stream().map(UserId::toString).toList());
    Map<UserId, List<LiveSession>> answer = new HashMap<>();
    for (int i = 0; i < asked.size(); i++) {
      List<LiveSession> sessions = RedisSessionInfo.sessions((List<?>) reply.get(i));
      if (!sessions.isEmpty()) {
        answer.put(asked.get(i), sessions);
      }
    }
    return Map.copyOf(answer);
  }

  @Override
  public SessionPage online(String cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    if (!cursor.isEmpty()) {
      try {
        UserId.of(Long.parseLong(cursor));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not an online cursor: '" + cursor + "'", e);
      }
    }
    List<Object> reply =
        redis.run(
            "list online users",
            RedisScripts.ONLINE,
            ScriptOutputType.MULTI,
            cursor,
            Integer.toString(limit));
    List<?> found = (List<?>) reply.get(1);
    List<UserSessions> users = new ArrayList<>(found.size() / 2);
    for (int i = 0; i + 1 < found.size(); i += 2) {
      users.add(
          new UserSessions(
              UserId.of(Long.parseLong((String) found.get(i))),
              RedisSessionInfo.sessions((List<?>) found.get(i + 1))));
    }
    return new SessionPage(users, (String) reply.get(0));
  }

  @Override
  public List<InstanceLoad> loads() {
    List<Object> reply =
        redis.run("count instance loads", RedisScripts.LOADS, ScriptOutputType.MULTI);
    List<InstanceLoad> loads = new ArrayList<>(reply.size() / 3);
    for (int i = 0; i + 2 < reply.size(); i += 3) {
      loads.add(
          new InstanceLoad(
              new InstanceId((String) reply.get(i)),
              Math.toIntExact((Long) reply.get(i + 1)),
              Math.toIntExact((Long) reply.get(i + 2))));
    }
    return List.copyOf(loads);
  }

  @Override
  public Set<InstanceId> liveInstances() {
    return instances(
        redis.run("list live instances", RedisScripts.LIVE_INSTANCES, ScriptOutputType.MULTI));
  }

  @Override
  public boolean heartbeat(Duration ttl) {
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("the liveness ttl must be at least 1 ms, got " + ttl);
    }
    Long restored =
        redis.run(
            "beat",
            RedisScripts.HEARTBEAT,
            ScriptOutputType.INTEGER,
            self.value(),
            Long.toString(ttl.toMillis()));
    return restored == 1;
  }

  @Override
  public Set<InstanceId> expireLapsed() {
    return instances(
        redis.run("expire lapsed routes", RedisScripts.EXPIRE_ROUTES, ScriptOutputType.MULTI));
  }

  @Override
  public void leave() {
    redis.run("leave", RedisScripts.LEAVE_ROUTES, ScriptOutputType.INTEGER, self.value());
  }

  static ClusterStateUnavailableException notLive(InstanceId self, RedisAccess redis, String what) {
    return new ClusterStateUnavailableException(
        "Redis at "
            + redis.address()
            + ": could not "
            + what
            + ": instance "
            + self
            + " is not live (no heartbeat yet, its liveness lapsed, or Redis lost it)",
        null);
  }

  private static Set<InstanceId> instances(List<Object> ids) {
    Set<InstanceId> set = new HashSet<>();
    ids.forEach(id -> set.add(new InstanceId((String) id)));
    return Set.copyOf(set);
  }
}
