package chat.gateway.adapters.memory;

import chat.gateway.adapters.memory.InMemoryCluster.InstanceConnection;
import chat.gateway.adapters.memory.InMemoryCluster.WatchList;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The watch index of an {@link InMemoryCluster} as one instance sees it: its lists belong to that
 * instance, and {@link #watchersOf} ignores the lists of lapsed instances. One lock; lists are
 * rare.
 */
public final class InMemoryClusterPresenceWatchers implements PresenceWatchers {

  private final InMemoryCluster cluster;
  private final InstanceId self;

  InMemoryClusterPresenceWatchers(InMemoryCluster cluster, InstanceId self) {
    this.cluster = cluster;
    this.self = Objects.requireNonNull(self, "self");
  }

  @Override
  public void replace(ConnectionId connection, UserId watcher, Set<UserId> subjects) {
    Set<UserId> copy = Set.copyOf(subjects);
    cluster.asLive(
        self,
        "replace a watch list",
        () -> {
          synchronized (cluster.watchLock) {
            InstanceConnection key = new InstanceConnection(self, connection);
            drop(key);
            cluster.watchLists.put(key, new WatchList(watcher, copy));
            for (UserId subject : copy) {
              cluster
                  .watchersBySubject
                  .computeIfAbsent(subject, s -> new HashMap<>())
                  .put(key, watcher);
            }
            return null;
          }
        });
  }

  @Override
  public void remove(ConnectionId connection) {
    synchronized (cluster.watchLock) {
      drop(new InstanceConnection(self, connection));
    }
  }

  @Override
  public Set<UserId> watchersOf(UserId subject) {
    Set<UserId> watchers = new HashSet<>();
    synchronized (cluster.watchLock) {
      Map<InstanceConnection, UserId> bySubject = cluster.watchersBySubject.get(subject);
      if (bySubject == null) {
        return Set.of();
      }
      Map<InstanceId, Boolean> liveness = new HashMap<>();
      bySubject.forEach(
          (key, watcher) -> {
            if (liveness.computeIfAbsent(key.instance(), cluster::live)) {
              watchers.add(watcher);
            }
          });
    }
    return Set.copyOf(watchers);
  }

  @Override
  public int expireLapsed() {
    return cluster.exclusively(
        () -> {
          synchronized (cluster.watchLock) {
            int removed = 0;
            for (InstanceConnection key : List.copyOf(cluster.watchLists.keySet())) {
              if (!cluster.live(key.instance()) && drop(key)) {
                removed++;
              }
            }
            return removed;
          }
        });
  }

  @Override
  public int leave() {
    synchronized (cluster.watchLock) {
      int removed = 0;
      for (InstanceConnection key : List.copyOf(cluster.watchLists.keySet())) {
        if (key.instance().equals(self) && drop(key)) {
          removed++;
        }
      }
      return removed;
    }
  }

  private boolean drop(InstanceConnection key) {
    WatchList old = cluster.watchLists.remove(key);
    if (old == null) {
      return false;
    }
    for (UserId subject : old.subjects()) {
      Map<InstanceConnection, UserId> watchers = cluster.watchersBySubject.get(subject);
      watchers.remove(key);
      if (watchers.isEmpty()) {
        cluster.watchersBySubject.remove(subject);
      }
    }
    return true;
  }
}
