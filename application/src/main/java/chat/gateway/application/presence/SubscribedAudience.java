package chat.gateway.application.presence;

import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connection hears only the users in its watch list (PresenceSub). The cross-instance index of
 * watchers routes a change to the users watching; this instance's own lists decide which of their
 * connections get it.
 */
public final class SubscribedAudience implements PresenceAudience {

  private final PresenceWatchers watchers;
  private final Map<ConnectionId, Set<UserId>> localLists = new ConcurrentHashMap<>();

  public SubscribedAudience(PresenceWatchers watchers) {
    this.watchers = watchers;
  }

  @Override
  public Optional<Set<UserId>> audienceOf(UserId subject) {
    return Optional.of(watchers.watchersOf(subject));
  }

  @Override
  public boolean hears(ConnectionId connection, UserId subject) {
    return localLists.getOrDefault(connection, Set.of()).contains(subject);
  }

  @Override
  public boolean snapshotOnConnect() {
    return false;
  }

  @Override
  public void watch(ConnectionId connection, UserId watcher, Set<UserId> subjects) {
    Set<UserId> list = Set.copyOf(subjects);
    localLists.put(connection, list);
    watchers.replace(connection, watcher, list);
  }

  @Override
  public void restore(ConnectionId connection, UserId watcher) {
    Set<UserId> list = localLists.get(connection);
    if (list != null) {
      watchers.replace(connection, watcher, list);
    }
  }

  @Override
  public void forget(ConnectionId connection) {
    if (localLists.remove(connection) != null) {
      watchers.remove(connection);
    }
  }
}
