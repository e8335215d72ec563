package chat.gateway.application.registry;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The connections of this gateway instance: a cap on open sockets, and per user at most {@code
 * maxPerUser} authenticated connections, the oldest evicted when a newer one registers (a phone
 * that vanished without a close must not lock its owner out until its read timeout). Thread-safe.
 */
public final class ConnectionRegistry {

  private final int maxPerUser;
  private final int maxTotal;
  private final AtomicInteger open = new AtomicInteger();
  private final Set<Connection> sockets = ConcurrentHashMap.newKeySet();
  private final Map<UserId, List<Connection>> byUser = new ConcurrentHashMap<>();
  private volatile BiConsumer<UserId, ConnectionId> departures = (user, connection) -> {};

  public ConnectionRegistry(int maxPerUser, int maxTotal) {
    if (maxPerUser <= 0 || maxTotal <= 0) {
      throw new IllegalArgumentException("connection limits must be positive");
    }
    this.maxPerUser = maxPerUser;
    this.maxTotal = maxTotal;
  }

  /**
   * Takes a slot for a newly opened socket, authenticated or not; false when the instance already
   * holds {@code maxTotal}.
   */
  public boolean admit(Connection socket) {
    while (true) {
      int current = open.get();
      if (current >= maxTotal) {
        return false;
      }
      if (open.compareAndSet(current, current + 1)) {
        sockets.add(socket);
        return true;
      }
    }
  }

  /** Gives back the slot of a socket that closed; idempotent. */
  public void release(Connection socket) {
    if (sockets.remove(socket)) {
      open.decrementAndGet();
    }
  }

  /** Every open socket, authenticated or not. */
  public Collection<Connection> openSockets() {
    return List.copyOf(sockets);
  }

  /**
   * From now on {@code listener} is told of every authenticated connection this registry lets go
   * of, unregistered or evicted, once it is out, on the thread that took it out; it must not block.
   * One listener: a later call replaces it.
   */
  public void onDeparture(BiConsumer<UserId, ConnectionId> listener) {
    departures = listener;
  }

  /**
   * Adds an authenticated connection. When its user already has {@code maxPerUser}, the oldest is
   * removed and returned, for the caller to close.
   */
  public Registration register(Connection connection) {
    Connection[] evicted = new Connection[1];
    byUser.compute(
        connection.user(),
        (user, current) -> {
          List<Connection> next = new ArrayList<>(current == null ? List.of() : current);
          if (next.stream().noneMatch(c -> c.id().equals(connection.id()))) {
            next.add(connection);
          }
          if (next.size() > maxPerUser) {
            evicted[0] = next.removeFirst();
          }
          return List.copyOf(next);
        });
    if (evicted[0] != null) {
      departures.accept(evicted[0].user(), evicted[0].id());
    }
    return new Registration(Optional.ofNullable(evicted[0]));
  }

  /** Removes a connection; returns false when it was not registered (already removed, evicted). */
  public boolean unregister(UserId user, ConnectionId id) {
    boolean[] removed = new boolean[1];
    byUser.computeIfPresent(
        user,
        (u, current) -> {
          List<Connection> next = new ArrayList<>(current);
          removed[0] = next.removeIf(c -> c.id().equals(id));
          return next.isEmpty() ? null : List.copyOf(next);
        });
    if (removed[0]) {
      departures.accept(user, id);
    }
    return removed[0];
  }

  /** The user's connections on this instance, oldest first. */
  public List<Connection> connectionsOf(UserId user) {
    return byUser.getOrDefault(user, List.of());
  }

  /** Every authenticated connection, at one moment. */
  public List<Connection> authenticated() {
    return byUser.values().stream().flatMap(List::stream).toList();
  }

  /** How many sockets are open, authenticated or not. */
  public int openSocketCount() {
    return open.get();
  }

  /** Users with at least one authenticated connection here. */
  public int registeredUsers() {
    return byUser.size();
  }

  /** Authenticated connections. */
  public int registeredConnections() {
    return byUser.values().stream().mapToInt(List::size).sum();
  }
}
