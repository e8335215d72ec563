package chat.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.application.port.in.DrainProgress;
import chat.gateway.application.port.in.DrainProgress.State;
import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.application.registry.Connection;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The drain's pace and bookkeeping, on timers the test fires: nothing closes before the delay, then
 * one batch per interval, every close 1001, and the progress counts as the sockets go.
 */
class DrainServiceTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration DELAY = Duration.ofSeconds(5);
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private final ConnectionRegistry registry = new ConnectionRegistry(5, 10_000);
  private final ManualTimers timers = new ManualTimers();
  private final DrainService drain =
      new DrainService(
          registry, timers, InstantSource.fixed(NOW), new DrainPace(500, INTERVAL, DELAY));

  @Test
  void closes1200ConnectionsIn3BatchesOf500AllWith1001AndEndsDrained() {
    List<Socket> sockets = open(1200, true);

    DrainProgress started = drain.start();

    assertThat(started)
        .isEqualTo(new DrainProgress(State.DRAINING, Optional.of(NOW), 1200, 0, 1200));
    assertThat(timers.advance(DELAY.minusMillis(1))).isZero();
    assertThat(closed(sockets)).isZero();

    assertThat(timers.advance(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(drain.progress())
        .isEqualTo(new DrainProgress(State.DRAINING, Optional.of(NOW), 1200, 500, 700));
    assertThat(timers.advance(INTERVAL)).isEqualTo(1);
    assertThat(drain.progress().closed()).isEqualTo(1000);
    assertThat(drain.progress().remaining()).isEqualTo(200);
    assertThat(timers.advance(INTERVAL)).isEqualTo(1);

    assertThat(drain.progress())
        .isEqualTo(new DrainProgress(State.DRAINED, Optional.of(NOW), 1200, 1200, 0));
    assertThat(sockets)
        .allSatisfy(s -> assertThat(s.closedWith()).contains(CloseReason.GOING_AWAY));
    // The round after finds nothing left and schedules no other.
    assertThat(timers.advance(INTERVAL)).isEqualTo(1);
    assertThat(timers.pending()).isZero();
    assertThat(registry.openSocketCount()).isZero();
  }

  @Test
  void beforeAStartNothingDrainsAndTheInstanceTakesConnections() {
    open(3, true);

    assertThat(drain.progress())
        .isEqualTo(new DrainProgress(State.NOT_DRAINING, Optional.empty(), 0, 0, 3));
    assertThat(drain.started()).isFalse();
    assertThat(timers.pending()).isZero();
  }

  @Test
  void aSecondStartChangesNothing() {
    List<Socket> sockets = open(700, true);
    drain.start();
    timers.advance(DELAY);

    DrainProgress again = drain.start();

    assertThat(again).isEqualTo(new DrainProgress(State.DRAINING, Optional.of(NOW), 700, 500, 200));
    assertThat(timers.pending()).isEqualTo(1);
    timers.advance(INTERVAL.multipliedBy(5));
    assertThat(closed(sockets)).isEqualTo(700);
    assertThat(drain.progress().closed()).isEqualTo(700);
  }

  @Test
  void aSocketStillClosingCountsAsRemainingAndTheDrainEndsWhenItIsGone() {
    List<Socket> lingering = open(2, false);
    drain.start();

    timers.advance(DELAY.plus(INTERVAL.multipliedBy(3)));

    assertThat(drain.progress())
        .isEqualTo(new DrainProgress(State.DRAINING, Optional.of(NOW), 2, 2, 2));
    lingering.forEach(registry::release);
    assertThat(drain.progress().state()).isEqualTo(State.DRAINED);
  }

  @Test
  void aSocketAdmittedAfterTheStartIsClosedByALaterBatchAndNotCountedAtStart() {
    open(600, true);
    drain.start();
    timers.advance(DELAY);
    Socket late = open(1, true).getFirst();

    timers.advance(INTERVAL);

    assertThat(late.closedWith()).contains(CloseReason.GOING_AWAY);
    assertThat(drain.progress())
        .isEqualTo(new DrainProgress(State.DRAINED, Optional.of(NOW), 600, 601, 0));
  }

  @Test
  void anInstanceWithoutConnectionsIsDrainedAtOnce() {
    assertThat(drain.start().state()).isEqualTo(State.DRAINED);
  }

  @Test
  void thePaceRefusesAnEmptyBatchAndANonPositiveInterval() {
    assertThatThrownBy(() -> new DrainPace(0, INTERVAL, DELAY)).hasMessageContaining("batch");
    assertThatThrownBy(() -> new DrainPace(1, Duration.ZERO, DELAY))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> new DrainPace(1, INTERVAL, Duration.ofSeconds(-1)))
        .hasMessageContaining("delay");
    assertThat(new DrainPace(1, INTERVAL, Duration.ZERO).delay()).isZero();
  }

  private List<Socket> open(int count, boolean releasesOnClose) {
    List<Socket> sockets = new ArrayList<>();
    IntStream.range(0, count)
        .forEach(
            i -> {
              Socket socket = new Socket(registry, releasesOnClose);
              assertThat(registry.admit(socket)).isTrue();
              sockets.add(socket);
            });
    return sockets;
  }

  private static long closed(List<Socket> sockets) {
    return sockets.stream().filter(s -> s.closedWith().isPresent()).count();
  }

  /**
   * A socket as the registry holds it; when {@code releasesOnClose}, its close completes at once
   * (the client answered the close frame), else it stays open until the test releases it.
   */
  private static final class Socket implements Connection {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private final ConnectionId id = new ConnectionId("c" + NEXT.incrementAndGet());
    private final ConnectionRegistry registry;
    private final boolean releasesOnClose;
    private final AtomicReference<CloseReason> closedWith = new AtomicReference<>();

    Socket(ConnectionRegistry registry, boolean releasesOnClose) {
      this.registry = registry;
      this.releasesOnClose = releasesOnClose;
    }

    @Override
    public ConnectionId id() {
      return id;
    }

    @Override
    public UserId user() {
      throw new IllegalStateException("not authenticated");
    }

    @Override
    public SessionInfo session() {
      throw new IllegalStateException("not authenticated");
    }

    @Override
    public boolean send(ServerFrame frame) {
      return false;
    }

    @Override
    public boolean sendPaced(ServerFrame frame) {
      return false;
    }

    @Override
    public void close(CloseReason reason) {
      if (closedWith.compareAndSet(null, reason) && releasesOnClose) {
        registry.release(this);
      }
    }

    Optional<CloseReason> closedWith() {
      return Optional.ofNullable(closedWith.get());
    }
  }
}
