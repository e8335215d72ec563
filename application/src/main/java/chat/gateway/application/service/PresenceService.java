package chat.gateway.application.service;

import chat.gateway.application.port.in.ChoosePresenceCommand;
import chat.gateway.application.port.in.PresenceOutcome;
import chat.gateway.application.port.in.PresenceUseCase;
import chat.gateway.application.port.in.UserPresence;
import chat.gateway.application.port.in.WatchOutcome;
import chat.gateway.application.port.in.WatchPresenceCommand;
import chat.gateway.application.port.out.PresenceStore;
import chat.gateway.application.port.out.PushRouter;
import chat.gateway.application.presence.PresenceAudience;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Presence: connection and disconnection, chosen statuses, watch lists.
 *
 * <p>A change is recorded under a per-user lock and its broadcast queued, still under the lock, on
 * the fan-out queue of the user's stripe, which a single task at a time works through: the audience
 * hears one user's changes in the order they happened, and the connection whose change it is never
 * waits for the audience's send queues (a push to a full queue waits for room).
 *
 * <p>The connections this instance recorded as present are remembered, so that {@link #reconcile}
 * can forget those the registry no longer holds: presence converges on the registry's truth even
 * when a session failed before it could say it ended.
 */
public final class PresenceService implements PresenceUseCase {

  private static final System.Logger LOG = System.getLogger(PresenceService.class.getName());

  private static final int STRIPES = 256;

  private final PresenceStore store;
  private final PresenceAudience audience;
  private final PushRouter router;
  private final Executor executor;
  private final int maxWatch;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final Fanout[] fanouts = new Fanout[STRIPES];
  private final Map<ConnectionId, UserId> recorded = new ConcurrentHashMap<>();
  private volatile boolean broadcasting = true;

  public PresenceService(
      PresenceStore store,
      PresenceAudience audience,
      PushRouter router,
      Executor executor,
      int maxWatch) {
    this.store = store;
    this.audience = audience;
    this.router = router;
    this.executor = executor;
    this.maxWatch = maxWatch;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
      fanouts[i] = new Fanout();
    }
  }

  /**
   * A connection authenticated: its user may come online. Returns the snapshot the connection is
   * owed (every other visible user, when the audience gives one on connect), for the caller to send
   * paced: with many users online it is larger than a send queue.
   */
  public List<UserPresence> connected(UserId user, ConnectionId connection) {
    recorded.put(connection, user);
    underLock(user, () -> store.connected(user, connection));
    if (!audience.snapshotOnConnect()) {
      return List.of();
    }
    List<UserPresence> snapshot = new ArrayList<>();
    for (Map.Entry<UserId, PresenceStatus> entry : store.connectedUsers().entrySet()) {
      if (!entry.getKey().equals(user) && entry.getValue() != PresenceStatus.OFFLINE) {
        snapshot.add(new UserPresence(entry.getKey(), entry.getValue()));
      }
    }
    return snapshot;
  }

  /** A connection ended: its watch list goes; its user may go offline. */
  public void disconnected(UserId user, ConnectionId connection) {
    audience.forget(connection);
    underLock(user, () -> store.disconnected(user, connection));
    // Only once the store forgot it too: should the store throw, reconcile tries again.
    recorded.remove(connection, user);
  }

  /**
   * Forgets every connection recorded as present that {@code registry} no longer holds (its session
   * failed before it could say it ended); returns how many. Run it periodically.
   */
  public int reconcile(ConnectionRegistry registry) {
    int forgotten = 0;
    for (Map.Entry<ConnectionId, UserId> entry : recorded.entrySet()) {
      ConnectionId connection = entry.getKey();
      UserId user = entry.getValue();
      if (registry.connectionsOf(user).stream().noneMatch(c -> c.id().equals(connection))) {
        LOG.log(
            Level.WARNING,
            "connection {0} of user {1} is gone but was still present; forgetting it",
            connection,
            user);
        disconnected(user, connection);
        forgotten++;
      }
    }
    return forgotten;
  }

  /**
   * Stops telling anyone of presence changes: once the instance shuts down every connection is
   * about to close, and the last frame each client gets should be its close, not a queue of
   * departures.
   */
  public void stopBroadcasting() {
    broadcasting = false;
  }

  @Override
  public PresenceOutcome choose(ChoosePresenceCommand command) {
    return underLock(command.user(), () -> store.choose(command.user(), command.status()))
        .<PresenceOutcome>map(PresenceOutcome.Changed::new)
        .orElseGet(PresenceOutcome.Unchanged::new);
  }

  @Override
  public WatchOutcome watch(WatchPresenceCommand command) {
    if (command.subjects().size() > maxWatch) {
      return new WatchOutcome.Refused(
          ErrorCode.WS_INVALID_PAYLOAD, "'user_ids' may name at most " + maxWatch + " users");
    }
    Set<UserId> subjects = new LinkedHashSet<>(command.subjects());
    audience.watch(command.connection(), command.watcher(), subjects);
    List<UserPresence> statuses = new ArrayList<>(subjects.size());
    for (UserId subject : subjects) {
      statuses.add(new UserPresence(subject, store.statusOf(subject)));
    }
    return new WatchOutcome.Watching(statuses);
  }

  /** Makes {@code change} under the user's lock and queues its broadcast; returns the change. */
  private Optional<PresenceStatus> underLock(
      UserId user, Supplier<Optional<PresenceStatus>> change) {
    ReentrantLock lock = locks[stripe(user)];
    lock.lock();
    try {
      Optional<PresenceStatus> changed = change.get();
      if (changed.isPresent() && broadcasting) {
        fanouts[stripe(user)].add(new PresencePush(user, changed.get()));
      }
      return changed;
    } finally {
      lock.unlock();
    }
  }

  private static int stripe(UserId user) {
    return Math.floorMod(Long.hashCode(user.value()), STRIPES);
  }

  private void broadcast(PresencePush push) {
    for (UserId target : audience.audienceOf(push.userId())) {
      if (!broadcasting) {
        return;
      }
      if (!target.equals(push.userId())) {
        router.push(target, push, Optional.empty());
      }
    }
  }

  /** One stripe's broadcasts, run in order by one task at a time on the executor. */
  private final class Fanout {
    private final Queue<PresencePush> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    void add(PresencePush push) {
      pending.add(push);
      if (running.compareAndSet(false, true)) {
        start();
      }
    }

    private void start() {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException stopped) {
        running.set(false);
        pending.clear();
      }
    }

    private void drain() {
      while (true) {
        try {
          PresencePush push;
          while ((push = pending.poll()) != null) {
            try {
              broadcast(push);
            } catch (Throwable e) {
              LOG.log(Level.ERROR, "presence broadcast of " + push + " failed", e);
            }
          }
        } finally {
          running.set(false);
        }
        if (pending.isEmpty() || !running.compareAndSet(false, true)) {
          return;
        }
      }
    }
  }
}
