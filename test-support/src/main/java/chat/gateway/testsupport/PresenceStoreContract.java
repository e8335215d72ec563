package chat.gateway.testsupport;

import static chat.gateway.testsupport.Connections.randomConnection;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.PresenceStore;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PresenceStore} promises in its Javadoc. An adapter's test extends this class
 * and only says how to build the store. Tests never clear the store: each uses users of its own.
 */
public abstract class PresenceStoreContract {

  private final UserId alice = randomUser();
  private final UserId bob = randomUser();
  private final ConnectionId phone = randomConnection();
  private final ConnectionId laptop = randomConnection();
  private PresenceStore store;

  /** A store to test; it may hold users of other tests. */
  protected abstract PresenceStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @Test
  void aUserWithoutConnectionsIsOffline() {
    assertThat(store.statusOf(alice)).isEqualTo(PresenceStatus.OFFLINE);
    assertThat(store.connectedUsers()).doesNotContainKey(alice);
  }

  @Test
  void theFirstConnectionMakesTheUserOnline() {
    assertThat(store.connected(alice, phone)).contains(PresenceStatus.ONLINE);
    assertThat(store.statusOf(alice)).isEqualTo(PresenceStatus.ONLINE);
  }

  @Test
  void furtherConnectionsChangeNothing() {
    store.connected(alice, phone);

    assertThat(store.connected(alice, laptop)).isEmpty();
    assertThat(store.connected(alice, phone)).isEmpty();
    assertThat(store.statusOf(alice)).isEqualTo(PresenceStatus.ONLINE);
  }

  @Test
  void onlyTheLastDisconnectionMakesTheUserOffline() {
    store.connected(alice, phone);
    store.connected(alice, laptop);

    assertThat(store.disconnected(alice, phone)).isEmpty();
    assertThat(store.statusOf(alice)).isEqualTo(PresenceStatus.ONLINE);
    assertThat(store.disconnected(alice, laptop)).contains(PresenceStatus.OFFLINE);
    assertThat(store.statusOf(alice)).isEqualTo(PresenceStatus.OFFLINE);
  }

  @Test
  void forgettingAConnectionThatWasNotRecordedChangesNothing() {
    assertThat(store.disconnected(alice, phone)).isEmpty();
    store.connected(alice, phone);

    assertThat(store.disconnected(alice, laptop)).isEmpty();
    assertThat(store.statusOf(alice)).isEqualTo(PresenceStatus.ONLINE);
    assertThat(store.disconnected(alice, phone)).contains(PresenceStatus.OFFLINE);
    assertThat(store.disconnected(alice, phone)).isEmpty();
  }

  @Test
  void aConnectedUserChoosesAStatusThatHolds() {
    store.connected(alice, phone);

    assertThat(store.choose(alice, PresenceStatus.AWAY)).contains(PresenceStatus.AWAY);
    assertThat(store.choose(alice, PresenceStatus.AWAY)).isEmpty();
    assertThat(store.connected(alice, laptop)).isEmpty();
    assertThat(store.statusOf(alice)).isEqualTo(PresenceStatus.AWAY);
    assertThat(store.choose(alice, PresenceStatus.ONLINE)).contains(PresenceStatus.ONLINE);
  }

  @Test
  void aUserWithoutConnectionsCannotChoose() {
    assertThat(store.choose(alice, PresenceStatus.AWAY)).isEmpty();
    assertThat(store.statusOf(alice)).isEqualTo(PresenceStatus.OFFLINE);
    assertThat(store.connected(alice, phone)).contains(PresenceStatus.ONLINE);
  }

  @Test
  void aUserWhoAppearsOfflineGoesAwaySilently() {
    store.connected(alice, phone);

    assertThat(store.choose(alice, PresenceStatus.OFFLINE)).contains(PresenceStatus.OFFLINE);
    assertThat(store.statusOf(alice)).isEqualTo(PresenceStatus.OFFLINE);
    assertThat(store.disconnected(alice, phone)).isEmpty();
  }

  @Test
  void theLastDisconnectionForgetsTheChoice() {
    store.connected(alice, phone);
    store.choose(alice, PresenceStatus.AWAY);

    assertThat(store.disconnected(alice, phone)).contains(PresenceStatus.OFFLINE);
    assertThat(store.connected(alice, laptop)).contains(PresenceStatus.ONLINE);
    assertThat(store.statusOf(alice)).isEqualTo(PresenceStatus.ONLINE);
  }

  @Test
  void connectedUsersHoldsEveryoneWithAConnectionAsOthersSeeThem() {
    UserId invisible = randomUser();
    UserId gone = randomUser();
    store.connected(alice, phone);
    store.connected(bob, laptop);
    store.choose(bob, PresenceStatus.AWAY);
    store.connected(invisible, randomConnection());
    store.choose(invisible, PresenceStatus.OFFLINE);
    ConnectionId goneConnection = randomConnection();
    store.connected(gone, goneConnection);
    store.disconnected(gone, goneConnection);

    assertThat(store.connectedUsers())
        .containsEntry(alice, PresenceStatus.ONLINE)
        .containsEntry(bob, PresenceStatus.AWAY)
        .containsEntry(invisible, PresenceStatus.OFFLINE)
        .doesNotContainKey(gone);
  }

  /**
   * Eight threads connect one connection each of one user, wait for each other, then disconnect
   * them, many times over. The barriers make each phase's outcome certain: exactly one caller per
   * cycle hears that the user came online, and exactly one that they went offline.
   */
  @Test
  void concurrentConnectionsOfOneUserReportEachChangeToExactlyOneCaller() {
    int threads = 8;
    int cycles = 200;
    CyclicBarrier barrier = new CyclicBarrier(threads);
    List<List<Change>> perThread =
        Concurrently.run(threads, i -> () -> cycle(barrier, cycles, randomConnection()));

    for (int cycle = 0; cycle < cycles; cycle++) {
      int c = cycle;
      List<Change> changes = perThread.stream().map(list -> list.get(c)).toList();
      assertThat(changes)
          .extracting(Change::connected)
          .containsExactlyInAnyOrderElementsOf(oneOf(PresenceStatus.ONLINE, threads));
      assertThat(changes)
          .extracting(Change::disconnected)
          .containsExactlyInAnyOrderElementsOf(oneOf(PresenceStatus.OFFLINE, threads));
    }
    assertThat(store.statusOf(alice)).isEqualTo(PresenceStatus.OFFLINE);
  }

  private List<Change> cycle(CyclicBarrier barrier, int cycles, ConnectionId base)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    List<Change> changes = new ArrayList<>(cycles);
    for (int cycle = 0; cycle < cycles; cycle++) {
      ConnectionId connection = new ConnectionId(base.value() + "-" + cycle);
      Optional<PresenceStatus> connected = store.connected(alice, connection);
      barrier.await(10, TimeUnit.SECONDS);
      Optional<PresenceStatus> disconnected = store.disconnected(alice, connection);
      barrier.await(10, TimeUnit.SECONDS);
      changes.add(new Change(connected, disconnected));
    }
    return changes;
  }

  /** One report of {@code status}, and nothing for every other caller. */
  private static List<Optional<PresenceStatus>> oneOf(PresenceStatus status, int callers) {
    List<Optional<PresenceStatus>> expected = new ArrayList<>();
    expected.add(Optional.of(status));
    for (int i = 1; i < callers; i++) {
      expected.add(Optional.empty());
    }
    return expected;
  }

  private record Change(
      Optional<PresenceStatus> connected, Optional<PresenceStatus> disconnected) {}
}
