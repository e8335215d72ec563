package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Watch lists of this process's connections, with the reverse index. One lock; lists are rare. */
public final class InMemoryPresenceWatchers implements PresenceWatchers {

  private final Map<ConnectionId, WatchList> lists = new HashMap<>();
  private final Map<UserId, Map<ConnectionId, UserId>> watchersBySubject = new HashMap<>();

  @Override
  public synchronized void replace(ConnectionId connection, UserId watcher, Set<UserId> subjects) {
    remove(connection);
    Set<UserId> copy = Set.copyOf(subjects);
    lists.put(connection, new WatchList(watcher, copy));
    for (UserId subject : copy) {
      watchersBySubject.computeIfAbsent(subject, s -> new HashMap<>()).put(connection, watcher);
    }
  }

  @Override
  public synchronized void remove(ConnectionId connection) {
    WatchList old = lists.remove(connection);
    if (old == null) {
      return;
    }
    for (UserId subject : old.subjects()) {
      Map<ConnectionId, UserId> watchers = watchersBySubject.get(subject);
      watchers.remove(connection);
      if (watchers.isEmpty()) {
        watchersBySubject.remove(subject);
      }
    }
  }

  @Override
  public synchronized Set<UserId> watchersOf(UserId subject) {
    Map<ConnectionId, UserId> watchers = watchersBySubject.get(subject);
    return watchers == null ? Set.of() : Set.copyOf(new HashSet<>(watchers.values()));
  }

  private record WatchList(UserId watcher, Set<UserId> subjects) {}
}
