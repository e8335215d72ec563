package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.PresenceStore;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Presence of the users connected to this single process. Atomic per user. */
public final class InMemoryPresenceStore implements PresenceStore {

  private final Map<UserId, UserPresence> users = new ConcurrentHashMap<>();

  @Override
  public Optional<PresenceStatus> connected(UserId user, ConnectionId connection) {
    PresenceStatus[] change = new PresenceStatus[1];
    users.compute(
        user,
        (u, current) -> {
          if (current == null) {
            change[0] = PresenceStatus.ONLINE;
            return new UserPresence(Set.of(connection), PresenceStatus.ONLINE);
          }
          return current.with(connection);
        });
    return Optional.ofNullable(change[0]);
  }

  @Override
  public Optional<PresenceStatus> disconnected(UserId user, ConnectionId connection) {
    PresenceStatus[] change = new PresenceStatus[1];
    users.computeIfPresent(
        user,
        (u, current) -> {
          if (!current.connections().contains(connection)) {
            return current;
          }
          UserPresence next = current.without(connection);
          if (next.connections().isEmpty()) {
            if (current.chosen() != PresenceStatus.OFFLINE) {
              change[0] = PresenceStatus.OFFLINE;
            }
            return null;
          }
          return next;
        });
    return Optional.ofNullable(change[0]);
  }

  @Override
  public Optional<PresenceStatus> choose(UserId user, PresenceStatus status) {
    PresenceStatus[] change = new PresenceStatus[1];
    users.computeIfPresent(
        user,
        (u, current) -> {
          if (current.chosen() != status) {
            change[0] = status;
          }
          return new UserPresence(current.connections(), status);
        });
    return Optional.ofNullable(change[0]);
  }

  @Override
  public PresenceStatus statusOf(UserId user) {
    UserPresence presence = users.get(user);
    return presence == null ? PresenceStatus.OFFLINE : presence.chosen();
  }

  @Override
  public Map<UserId, PresenceStatus> connectedUsers() {
    Map<UserId, PresenceStatus> snapshot = new HashMap<>();
    users.forEach((user, presence) -> snapshot.put(user, presence.chosen()));
    return snapshot;
  }

  private record UserPresence(Set<ConnectionId> connections, PresenceStatus chosen) {
    UserPresence with(ConnectionId connection) {
      if (connections.contains(connection)) {
        return this;
      }
      Set<ConnectionId> next = new java.util.HashSet<>(connections);
      next.add(connection);
      return new UserPresence(Set.copyOf(next), chosen);
    }

    UserPresence without(ConnectionId connection) {
      Set<ConnectionId> next = new java.util.HashSet<>(connections);
      next.remove(connection);
      return new UserPresence(Set.copyOf(next), chosen);
    }
  }
}
