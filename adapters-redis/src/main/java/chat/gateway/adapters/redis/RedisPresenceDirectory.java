package chat.gateway.adapters.redis;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceChange;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.PresencePage;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Presence in Redis as one instance sees it; one Lua script per call. A user's hash holds their
 * connections on every instance, the status they chose, and the status and version others were last
 * told; a change is reported when what others see differs from what they were told. Versions come
 * from one cluster-wide counter, so each user's only grow, and the counter starts at Redis's clock
 * in microseconds when Redis lost it, so they keep growing after Redis restarts empty.
 */
public final class RedisPresenceDirectory implements PresenceDirectory {

  private static final Pattern CURSOR = Pattern.compile("[1-9][0-9]{0,18}");

  private final RedisAccess redis;
  private final InstanceId self;

  RedisPresenceDirectory(RedisAccess redis, InstanceId self) {
    this.redis = redis;
    this.self = Objects.requireNonNull(self, "self");
  }

  @Override
  public Optional<PresenceChange> connected(UserId user, ConnectionId connection) {
    List<Object> reply =
        redis.run(
            "record a connection",
            RedisScripts.CONNECTED,
            ScriptOutputType.MULTI,
            self.value(),
            user.toString(),
            connection.value());
    if (((Long) reply.getFirst()) == 0) {
      throw RedisRoutingTable.notLive(self, redis, "record a connection");
    }
    return reply.size() < 2
        ? Optional.empty()
        : Optional.of(new PresenceChange(user, PresenceStatus.ONLINE, (Long) reply.get(1)));
  }

  @Override
  public Optional<PresenceChange> disconnected(UserId user, ConnectionId connection) {
    List<Object> reply =
        redis.run(
            "forget a connection",
            RedisScripts.DISCONNECTED,
            ScriptOutputType.MULTI,
            self.value(),
            user.toString(),
            connection.value());
    return reply.isEmpty()
        ? Optional.empty()
        : Optional.of(new PresenceChange(user, PresenceStatus.OFFLINE, (Long) reply.getFirst()));
  }

  @Override
  public Optional<PresenceChange> choose(UserId user, PresenceStatus status) {
    Objects.requireNonNull(status, "status");
    List<Object> reply =
        redis.run(
            "choose a status",
            RedisScripts.CHOOSE,
            ScriptOutputType.MULTI,
            user.toString(),
            status.name());
    return reply.isEmpty()
        ? Optional.empty()
        : Optional.of(new PresenceChange(user, status, (Long) reply.getFirst()));
  }

  @Override
  public Map<UserId, PresenceStatus> statusOf(Collection<UserId> users) {
    if (users.isEmpty()) {
      return Map.of();
    }
    List<UserId> asked = List.copyOf(users);
    List<Object> reply =
        redis.run(
            "read presence",
            RedisScripts.STATUS_OF,
            ScriptOutputType.MULTI,
            asked.stream().map(UserId::toString).toList());
    Map<UserId, PresenceStatus> answer = new HashMap<>();
    for (int i = 0; i < asked.size(); i++) {
      answer.put(asked.get(i), PresenceStatus.valueOf((String) reply.get(i)));
    }
    return answer;
  }

  @Override
  public PresencePage visible(String cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    if (!cursor.isEmpty() && !CURSOR.matcher(cursor).matches()) {
      throw new IllegalArgumentException("not a presence cursor: '" + cursor + "'");
    }
    List<Object> reply =
        redis.run(
            "page visible users",
            RedisScripts.VISIBLE,
            ScriptOutputType.MULTI,
            cursor,
            Integer.toString(limit));
    List<?> flat = (List<?>) reply.get(1);
    List<PresenceChange> users = new ArrayList<>(flat.size() / 3);
    for (int i = 0; i + 2 < flat.size(); i += 3) {
      users.add(
          new PresenceChange(
              UserId.of(Long.parseLong((String) flat.get(i))),
              PresenceStatus.valueOf((String) flat.get(i + 1)),
              Long.parseLong((String) flat.get(i + 2))));
    }
    return new PresencePage(users, (String) reply.getFirst());
  }

  @Override
  public List<PresenceChange> expireLapsed() {
    return offline(
        redis.run("expire lapsed presence", RedisScripts.EXPIRE_PRESENCE, ScriptOutputType.MULTI));
  }

  @Override
  public List<PresenceChange> leave() {
    return offline(
        redis.run(
            "forget this instance's presence",
            RedisScripts.LEAVE_PRESENCE,
            ScriptOutputType.MULTI,
            self.value()));
  }

  private static List<PresenceChange> offline(List<Object> flat) {
    List<PresenceChange> changes = new ArrayList<>(flat.size() / 2);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      changes.add(
          new PresenceChange(
              UserId.of(Long.parseLong((String) flat.get(i))),
              PresenceStatus.OFFLINE,
              (Long) flat.get(i + 1)));
    }
    return changes;
  }
}
