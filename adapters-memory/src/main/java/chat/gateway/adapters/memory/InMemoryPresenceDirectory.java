package chat.gateway.adapters.memory;

import chat.gateway.adapters.memory.InMemoryCluster.InstanceConnection;
import chat.gateway.adapters.memory.InMemoryCluster.UserConnection;
import chat.gateway.adapters.memory.InMemoryCluster.UserPresence;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceChange;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.PresencePage;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Presence of an {@link InMemoryCluster} as one instance sees it. A user's state records their
 * connections on every instance, the status they chose, and the status and version others were last
 * told; a change is reported when what others see differs from what they were told. When a change
 * leaves a user without a live connection, their state is dropped (connections on lapsed instances
 * included).
 */
public final class InMemoryPresenceDirectory implements PresenceDirectory {

  private final InMemoryCluster cluster;
  private final InstanceId self;

  InMemoryPresenceDirectory(InMemoryCluster cluster, InstanceId self) {
    this.cluster = cluster;
    this.self = Objects.requireNonNull(self, "self");
  }

  @Override
  public Optional<PresenceChange> connected(UserId user, ConnectionId connection) {
    InstanceConnection key = new InstanceConnection(self, connection);
    return cluster.asLive(
        self,
        "record a connection",
        () -> {
          PresenceChange[] change = new PresenceChange[1];
          cluster.presence.compute(
              user,
              (u, current) -> {
                if (current != null && current.connections().contains(key)) {
                  return current;
                }
                cluster
                    .presenceOf
                    .computeIfAbsent(self, InMemoryCluster::newIndex)
                    .add(new UserConnection(user, connection));
                if (current == null || !anyLive(current)) {
                  change[0] =
                      new PresenceChange(user, PresenceStatus.ONLINE, cluster.nextVersion());
                  return showing(
                      user,
                      new UserPresence(
                          Set.of(key),
                          PresenceStatus.ONLINE,
                          PresenceStatus.ONLINE,
                          change[0].version()));
                }
                Set<InstanceConnection> connections = new HashSet<>(current.connections());
                connections.add(key);
                return new UserPresence(
                    Set.copyOf(connections),
                    current.chosen(),
                    current.reported(),
                    current.version());
              });
          return Optional.ofNullable(change[0]);
        });
  }

  @Override
  public Optional<PresenceChange> disconnected(UserId user, ConnectionId connection) {
    Optional<PresenceChange> change = forget(user, new InstanceConnection(self, connection));
    Set<UserConnection> index = cluster.presenceOf.get(self);
    if (index != null) {
      index.remove(new UserConnection(user, connection));
    }
    return change;
  }

  @Override
  public Optional<PresenceChange> choose(UserId user, PresenceStatus status) {
    Objects.requireNonNull(status, "status");
    PresenceChange[] change = new PresenceChange[1];
    cluster.presence.computeIfPresent(
        user,
        (u, current) -> {
          if (!anyLive(current)) {
            return current;
          }
          long version = current.version();
          if (status != current.reported()) {
            version = cluster.nextVersion();
            change[0] = new PresenceChange(user, status, version);
          }
          return showing(user, new UserPresence(current.connections(), status, status, version));
        });
    return Optional.ofNullable(change[0]);
  }

  @Override
  public Map<UserId, PresenceStatus> statusOf(Collection<UserId> users) {
    Map<UserId, PresenceStatus> answer = new HashMap<>();
    for (UserId user : users) {
      UserPresence state = cluster.presence.get(user);
      answer.put(user, state != null && anyLive(state) ? state.chosen() : PresenceStatus.OFFLINE);
    }
    return answer;
  }

  @Override
  public PresencePage visible(String cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    Iterable<UserId> from;
    if (cursor.isEmpty()) {
      from = cluster.visible;
    } else {
      long after;
      try {
        after = Long.parseLong(cursor);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a presence cursor: '" + cursor + "'", e);
      }
      from = cluster.visible.tailSet(UserId.of(after), false);
    }
    List<PresenceChange> users = new ArrayList<>();
    int scanned = 0;
    UserId last = null;
    for (UserId user : from) {
      if (scanned == limit) {
        return new PresencePage(users, last.toString());
      }
      scanned++;
      last = user;
      UserPresence state = cluster.presence.get(user);
      if (state != null && state.chosen() != PresenceStatus.OFFLINE && anyLive(state)) {
        users.add(new PresenceChange(user, state.chosen(), state.version()));
      }
    }
    return new PresencePage(users, "");
  }

  @Override
  public List<PresenceChange> expireLapsed() {
    return cluster.exclusively(
        () -> {
          List<PresenceChange> changes = new ArrayList<>();
          for (InstanceId instance : List.copyOf(cluster.presenceOf.keySet())) {
            if (!cluster.live(instance)) {
              changes.addAll(forgetAll(instance));
            }
          }
          return changes;
        });
  }

  @Override
  public List<PresenceChange> leave() {
    return cluster.exclusively(() -> forgetAll(self));
  }

  private List<PresenceChange> forgetAll(InstanceId instance) {
    Set<UserConnection> index = cluster.presenceOf.remove(instance);
    if (index == null) {
      return List.of();
    }
    List<PresenceChange> changes = new ArrayList<>();
    for (UserConnection entry : index) {
      forget(entry.user(), new InstanceConnection(instance, entry.connection()))
          .ifPresent(changes::add);
    }
    return changes;
  }

  /** Forgets one connection; the user's state goes when no live connection is left. */
  private Optional<PresenceChange> forget(UserId user, InstanceConnection key) {
    PresenceChange[] change = new PresenceChange[1];
    cluster.presence.computeIfPresent(
        user,
        (u, current) -> {
          if (!current.connections().contains(key)) {
            return current;
          }
          Set<InstanceConnection> connections = new HashSet<>(current.connections());
          connections.remove(key);
          UserPresence next =
              new UserPresence(
                  Set.copyOf(connections), current.chosen(), current.reported(), current.version());
          if (anyLive(next)) {
            return next;
          }
          if (current.reported() != PresenceStatus.OFFLINE) {
            change[0] = new PresenceChange(user, PresenceStatus.OFFLINE, cluster.nextVersion());
          }
          cluster.visible.remove(user);
          return null;
        });
    return Optional.ofNullable(change[0]);
  }

  /** Keeps {@link InMemoryCluster#visible} in step with the state it returns. */
  private UserPresence showing(UserId user, UserPresence state) {
    if (state.chosen() == PresenceStatus.OFFLINE) {
      cluster.visible.remove(user);
    } else {
      cluster.visible.add(user);
    }
    return state;
  }

  private boolean anyLive(UserPresence state) {
    for (InstanceConnection connection : state.connections()) {
      if (cluster.live(connection.instance())) {
        return true;
      }
    }
    return false;
  }
}
