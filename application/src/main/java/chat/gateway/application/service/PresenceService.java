package chat.gateway.application.service;

import chat.gateway.application.port.in.ChoosePresenceCommand;
import chat.gateway.application.port.in.PresenceOutcome;
import chat.gateway.application.port.in.PresenceUseCase;
import chat.gateway.application.port.in.UserPresence;
import chat.gateway.application.port.in.WatchOutcome;
import chat.gateway.application.port.in.WatchPresenceCommand;
import chat.gateway.application.port.out.ClusterEvent.PresenceChanged;
import chat.gateway.application.port.out.PresenceChange;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.PresencePage;
import chat.gateway.application.presence.PresenceAudience;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Presence: chosen statuses, watch lists, and telling the audience of every change.
 *
 * <p>Each change carries the user's version from the directory, so its audience, on any instance,
 * drops a change overtaken by a newer one. Broadcasts are queued on the fan-out queue of the user's
 * stripe, which a single task at a time works through, so the connection whose change it is does
 * not pay for the fan-out.
 */
public final class PresenceService implements PresenceUseCase {

  private static final System.Logger LOG = System.getLogger(PresenceService.class.getName());

  private static final int STRIPES = 256;

  /** Users asked of the directory at once for the snapshot a new connection gets. */
  static final int SNAPSHOT_PAGE = 500;

  private final PresenceDirectory directory;
  private final PresenceAudience audience;
  private final EventRouting router;
  private final EventDelivery delivery;
  private final Executor executor;
  private final int maxWatch;
  private final Fanout[] fanouts = new Fanout[STRIPES];
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  public PresenceService(
      PresenceDirectory directory,
      PresenceAudience audience,
      EventRouting router,
      EventDelivery delivery,
      Executor executor,
      int maxWatch) {
    this.directory = directory;
    this.audience = audience;
    this.router = router;
    this.delivery = delivery;
    this.executor = executor;
    this.maxWatch = maxWatch;
    for (int i = 0; i < STRIPES; i++) {
      fanouts[i] = new Fanout();
      locks[i] = new ReentrantLock();
    }
  }

  /** The directory this service reads and writes. */
  public PresenceDirectory directory() {
    return directory;
  }

  /**
   * Makes a change of {@code user}'s presence and queues its broadcast, under the user's stripe
   * lock: this instance's changes of one user are broadcast in the order they were made, so a
   * receiver never drops one as overtaken (versions settle only races between instances).
   */
  public Optional<PresenceChange> change(UserId user, Supplier<Optional<PresenceChange>> change) {
    ReentrantLock lock = locks[stripe(user)];
    lock.lock();
    try {
      Optional<PresenceChange> made = change.get();
      made.ifPresent(this::announce);
      return made;
    } finally {
      lock.unlock();
    }
  }

  /** Queues the broadcast of {@code change} to its audience, wherever it is. */
  public void announce(PresenceChange change) {
    fanouts[stripe(change.user())].add(change);
  }

  /** Whether a new connection is owed a snapshot ({@link #snapshotFor}) of others' presence. */
  public boolean snapshotOnConnect() {
    return audience.snapshotOnConnect();
  }

  /**
   * The snapshot a new connection of {@code user} is owed: every other visible user, when the
   * audience gives one on connect; for the caller to send paced, as it may be larger than a queue.
   */
  public List<PresenceChange> snapshotFor(UserId user) {
    if (!audience.snapshotOnConnect()) {
      return List.of();
    }
    List<PresenceChange> snapshot = new ArrayList<>();
    Set<UserId> seen = new HashSet<>();
    String cursor = "";
    do {
      PresencePage page = directory.visible(cursor, SNAPSHOT_PAGE);
      for (PresenceChange visible : page.users()) {
        if (!visible.user().equals(user) && seen.add(visible.user())) {
          snapshot.add(visible);
        }
      }
      cursor = page.next();
    } while (!cursor.isEmpty());
    return snapshot;
  }

  /**
   * Puts a connection's watch list back into the shared index, which lost it (Redis restarted
   * empty, or this instance was expired while it paused).
   */
  public void restoreWatchList(ConnectionId connection, UserId watcher) {
    audience.restore(connection, watcher);
  }

  /** Forgets a closed connection's watch list. */
  public void forget(ConnectionId connection) {
    audience.forget(connection);
  }

  /**
   * Stops telling this instance's connections of presence changes: once it shuts down they are
   * about to close, and each client's last frame should be its close. Other instances still hear.
   */
  public void stopBroadcasting() {
    delivery.stopPresence();
  }

  @Override
  public PresenceOutcome choose(ChoosePresenceCommand command) {
    return change(command.user(), () -> directory.choose(command.user(), command.status()))
        .<PresenceOutcome>map(c -> new PresenceOutcome.Changed(c.status()))
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
    Map<UserId, PresenceStatus> current = directory.statusOf(subjects);
    List<UserPresence> statuses = new ArrayList<>(subjects.size());
    for (UserId subject : subjects) {
      statuses.add(
          new UserPresence(subject, current.getOrDefault(subject, PresenceStatus.OFFLINE)));
    }
    return new WatchOutcome.Watching(statuses);
  }

  private static int stripe(UserId user) {
    return Math.floorMod(Long.hashCode(user.value()), STRIPES);
  }

  private void broadcast(PresenceChange change) {
    Optional<Set<UserId>> listeners = audience.audienceOf(change.user());
    if (listeners.isEmpty()) {
      router.routeToEveryone(
          new PresenceChanged(Set.of(), change.user(), change.status(), change.version()));
      return;
    }
    Set<UserId> targets = new HashSet<>(listeners.get());
    targets.remove(change.user());
    if (!targets.isEmpty()) {
      router.route(new PresenceChanged(targets, change.user(), change.status(), change.version()));
    }
  }

  /** One stripe's broadcasts, run in order by one task at a time on the executor. */
  private final class Fanout {
    private final Queue<PresenceChange> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    void add(PresenceChange change) {
      pending.add(change);
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
          PresenceChange change;
          while ((change = pending.poll()) != null) {
            try {
              broadcast(change);
            } catch (Throwable e) {
              LOG.log(Level.ERROR, "presence broadcast of " + change + " failed", e);
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
