package chat.gateway.adapters.redis;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The watch index in Redis as one instance sees it: each list is a hash of its own, mirrored in one
 * hash per watched user; one Lua script per call.
 */
public final class RedisPresenceWatchers implements PresenceWatchers {

  private final RedisAccess redis;
  private final InstanceId self;

  RedisPresenceWatchers(RedisAccess redis, InstanceId self) {
    this.redis = redis;
    this.self = Objects.requireNonNull(self, "self");
  }

  @Override
  public void replace(ConnectionId connection, UserId watcher, Set<UserId> subjects) {
    List<String> args = new ArrayList<>(subjects.size() + 3);
    args.add(self.value());
    args.add(connection.value());
    args.add(watcher.toString());
    subjects.forEach(subject -> args.add(subject.toString()));
    Long done =
        redis.run(
            "replace a watch list", RedisScripts.REPLACE_WATCH, ScriptOutputType.INTEGER, args);
    if (done == 0) {
      throw RedisRoutingTable.notLive(self, redis, "replace a watch list");
    }
  }

  @Override
  public void remove(ConnectionId connection) {
    redis.run(
        "remove a watch list",
        RedisScripts.REMOVE_WATCH,
        ScriptOutputType.INTEGER,
        self.value(),
        connection.value());
  }

  @Override
  public Set<UserId> watchersOf(UserId subject) {
    List<Object> reply =
        redis.run(
            "look up watchers",
            RedisScripts.WATCHERS_OF,
            ScriptOutputType.MULTI,
            subject.toString());
    Set<UserId> watchers = new HashSet<>();
    reply.forEach(id -> watchers.add(UserId.of(Long.parseLong((String) id))));
    return Set.copyOf(watchers);
  }

  @Override
  public int expireLapsed() {
    Long removed =
        redis.run(
            "expire lapsed watch lists", RedisScripts.EXPIRE_WATCHES, ScriptOutputType.INTEGER);
    return removed.intValue();
  }

  @Override
  public int leave() {
    Long removed =
        redis.run(
            "remove this instance's watch lists",
            RedisScripts.LEAVE_WATCHES,
            ScriptOutputType.INTEGER,
            self.value());
    return removed.intValue();
  }
}
