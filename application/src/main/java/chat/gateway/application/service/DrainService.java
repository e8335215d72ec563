package chat.gateway.application.service;

import chat.gateway.application.port.in.DrainProgress;
import chat.gateway.application.port.in.DrainUseCase;
import chat.gateway.application.registry.Connection;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ConnectionId;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The drain of this instance (see {@link DrainUseCase}): after {@link DrainPace#delay()}, each
 * round closes up to {@link DrainPace#batch()} of the registry's open sockets not closed before,
 * with {@link CloseReason#GOING_AWAY}, and the next round follows {@link DrainPace#interval()}
 * later, until a round finds none left. Each round reads the registry anew, so a socket admitted
 * while the drain started is closed by a later one. A close goes through the connection's own queue
 * like any other, so the frames queued before it are written first, and its routes and presence go
 * as at any close. Rounds run on the timers; they only hand closes to connections.
 */
public final class DrainService implements DrainUseCase {

  private static final System.Logger LOG = System.getLogger(DrainService.class.getName());

  private record Start(Instant at, int connections) {}

  private final ConnectionRegistry registry;
  private final ScheduledExecutorService timers;
  private final InstantSource clock;
  private final DrainPace pace;
  private final AtomicReference<Optional<Start>> start = new AtomicReference<>(Optional.empty());
  private final Set<ConnectionId> asked = ConcurrentHashMap.newKeySet();
  private final AtomicInteger closed = new AtomicInteger();

  public DrainService(
      ConnectionRegistry registry,
      ScheduledExecutorService timers,
      InstantSource clock,
      DrainPace pace) {
    this.registry = registry;
    this.timers = timers;
    this.clock = clock;
    this.pace = pace;
  }

  @Override
  public DrainProgress start() {
    Optional<Start> none = start.get();
    if (none.isEmpty()) {
      Optional<Start> fresh = Optional.of(new Start(clock.instant(), registry.openSocketCount()));
      if (start.compareAndSet(none, fresh)) {
        LOG.log(
            Level.INFO,
            "draining: refusing new connections; closing {0} with 1001, {1} every {2} ms, the"
                + " first in {3} ms",
            fresh.get().connections(),
            pace.batch(),
            Long.toString(pace.interval().toMillis()),
            Long.toString(pace.delay().toMillis()));
        schedule(pace.delay().toNanos());
      }
    }
    return progress();
  }

  @Override
  public DrainProgress progress() {
    int remaining = registry.openSocketCount();
    return start
        .get()
        .map(
            s ->
                new DrainProgress(
                    remaining == 0 ? DrainProgress.State.DRAINED : DrainProgress.State.DRAINING,
                    Optional.of(s.at()),
                    s.connections(),
                    closed.get(),
                    remaining))
        .orElseGet(
            () ->
                new DrainProgress(
                    DrainProgress.State.NOT_DRAINING, Optional.empty(), 0, 0, remaining));
  }

  /** Whether a drain started: from then on no new connection is taken. */
  public boolean started() {
    return start.get().isPresent();
  }

  private void round() {
    int count = 0;
    boolean failed = false;
    try {
      for (Connection socket : registry.openSockets()) {
        if (count == pace.batch()) {
          break;
        }
        if (asked.add(socket.id())) {
          socket.close(CloseReason.GOING_AWAY);
          count++;
        }
      }
    } catch (RuntimeException e) {
      failed = true;
      LOG.log(Level.ERROR, "a drain round failed; the next round goes on", e);
    } finally {
      closed.addAndGet(count);
    }
    if (count == 0 && !failed) {
      LOG.log(
          Level.INFO,
          "drain: closed {0} connections with 1001; {1} sockets still closing",
          closed.get(),
          registry.openSocketCount());
      return;
    }
    schedule(pace.interval().toNanos());
  }

  private void schedule(long delayNanos) {
    try {
      timers.schedule(this::round, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      // The instance is shutting down: its shutdown closes every connection anyway.
    }
  }
}
