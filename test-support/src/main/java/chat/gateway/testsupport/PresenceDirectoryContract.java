package chat.gateway.testsupport;

import static chat.gateway.testsupport.Connections.randomConnection;
import static chat.gateway.testsupport.Instances.LONG_TTL;
import static chat.gateway.testsupport.Instances.SHORT_TTL;
import static chat.gateway.testsupport.Instances.awaitLapse;
import static chat.gateway.testsupport.Instances.randomInstance;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceChange;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.PresencePage;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PresenceDirectory} promises in its Javadoc, for several instances sharing one
 * directory. An adapter's test extends this class and says how to get an instance's views: its
 * {@link RoutingTable} (whose heartbeat keeps the instance live) and its directory, every call of
 * one test class over the same backing state. Tests never clear it: each uses users and instances
 * of its own, and checks answers on those only.
 */
public abstract class PresenceDirectoryContract {

  private final UserId alice = randomUser();
  private final UserId bob = randomUser();
  private final ConnectionId phone = randomConnection();
  private final ConnectionId laptop = randomConnection();
  private final InstanceId aId = randomInstance();
  private PresenceDirectory a;
  private PresenceDirectory b;

  /** The routing view of {@code instance}: the directory's liveness comes from its heartbeat. */
  protected abstract RoutingTable routingTable(InstanceId instance);

  /** The directory view of {@code instance} over the state this test class shares. */
  protected abstract PresenceDirectory presence(InstanceId instance);

  @BeforeEach
  void twoLiveInstances() {
    a = live(aId);
    b = live(randomInstance());
  }

  @Test
  void aUserWithoutConnectionsIsOffline() {
    assertThat(a.statusOf(List.of(alice)))
        .containsExactly(Map.entry(alice, PresenceStatus.OFFLINE));
  }

  @Test
  void theFirstConnectionAnywhereMakesTheUserOnline() {
    PresenceChange online = a.connected(alice, phone).orElseThrow();

    assertThat(online.user()).isEqualTo(alice);
    assertThat(online.status()).isEqualTo(PresenceStatus.ONLINE);
    assertThat(b.connected(alice, laptop)).isEmpty();
    assertThat(a.connected(alice, phone)).isEmpty();
    assertThat(b.statusOf(List.of(alice))).containsEntry(alice, PresenceStatus.ONLINE);
  }

  @Test
  void onlyTheLastDisconnectionAnywhereMakesTheUserOffline() {
    PresenceChange online = a.connected(alice, phone).orElseThrow();
    b.connected(alice, laptop);

    assertThat(a.disconnected(alice, phone)).isEmpty();
    assertThat(a.statusOf(List.of(alice))).containsEntry(alice, PresenceStatus.ONLINE);
    PresenceChange offline = b.disconnected(alice, laptop).orElseThrow();
    assertThat(offline.status()).isEqualTo(PresenceStatus.OFFLINE);
    assertThat(offline.version()).isGreaterThan(online.version());
    assertThat(a.statusOf(List.of(alice))).containsEntry(alice, PresenceStatus.OFFLINE);
    assertThat(b.disconnected(alice, laptop)).isEmpty();
  }

  @Test
  void forgettingAConnectionThatWasNotRecordedChangesNothing() {
    assertThat(a.disconnected(alice, phone)).isEmpty();
    a.connected(alice, phone);

    assertThat(a.disconnected(alice, laptop)).isEmpty();
    assertThat(b.statusOf(List.of(alice))).containsEntry(alice, PresenceStatus.ONLINE);
  }

  @Test
  void aConnectedUserChoosesAStatusThatHoldsOnEveryInstance() {
    a.connected(alice, phone);

    assertThat(b.choose(alice, PresenceStatus.AWAY).map(PresenceChange::status))
        .contains(PresenceStatus.AWAY);
    assertThat(a.choose(alice, PresenceStatus.AWAY)).isEmpty();
    assertThat(b.connected(alice, laptop)).isEmpty();
    assertThat(a.statusOf(List.of(alice))).containsEntry(alice, PresenceStatus.AWAY);
    assertThat(a.choose(alice, PresenceStatus.ONLINE).map(PresenceChange::status))
        .contains(PresenceStatus.ONLINE);
  }

  @Test
  void aUserWithoutConnectionsCannotChoose() {
    assertThat(a.choose(alice, PresenceStatus.AWAY)).isEmpty();
    assertThat(a.statusOf(List.of(alice))).containsEntry(alice, PresenceStatus.OFFLINE);
    assertThat(a.connected(alice, phone).map(PresenceChange::status))
        .contains(PresenceStatus.ONLINE);
  }

  @Test
  void aUserWhoAppearsOfflineIsNeverVisibleAndGoesAwaySilently() {
    a.connected(alice, phone);

    assertThat(a.choose(alice, PresenceStatus.OFFLINE).map(PresenceChange::status))
        .contains(PresenceStatus.OFFLINE);
    assertThat(b.statusOf(List.of(alice))).containsEntry(alice, PresenceStatus.OFFLINE);
    assertThat(allVisible(b)).doesNotContainKey(alice);
    assertThat(b.connected(alice, laptop)).isEmpty();
    assertThat(allVisible(b)).doesNotContainKey(alice);
    assertThat(a.disconnected(alice, phone)).isEmpty();
    assertThat(b.disconnected(alice, laptop)).isEmpty();
  }

  @Test
  void theLastDisconnectionForgetsTheChoice() {
    a.connected(alice, phone);
    a.choose(alice, PresenceStatus.AWAY);

    assertThat(a.disconnected(alice, phone).map(PresenceChange::status))
        .contains(PresenceStatus.OFFLINE);
    assertThat(b.connected(alice, laptop).map(PresenceChange::status))
        .contains(PresenceStatus.ONLINE);
    assertThat(a.statusOf(List.of(alice))).containsEntry(alice, PresenceStatus.ONLINE);
  }

  @Test
  void versionsOfAUserStrictlyIncreaseAcrossInstances() {
    List<Optional<PresenceChange>> changes = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      ConnectionId onA = randomConnection();
      ConnectionId onB = randomConnection();
      changes.add(a.connected(alice, onA));
      changes.add(b.connected(alice, onB));
      changes.add(b.choose(alice, PresenceStatus.AWAY));
      changes.add(a.choose(alice, PresenceStatus.OFFLINE));
      changes.add(b.choose(alice, PresenceStatus.ONLINE));
      changes.add(a.disconnected(alice, onA));
      changes.add(b.disconnected(alice, onB));
    }

    List<PresenceChange> reported = changes.stream().flatMap(Optional::stream).toList();
    assertThat(reported)
        .extracting(PresenceChange::status)
        .containsExactlyElementsOf(
            List.of(
                PresenceStatus.ONLINE,
                PresenceStatus.AWAY,
                PresenceStatus.OFFLINE,
                PresenceStatus.ONLINE,
                PresenceStatus.OFFLINE,
                PresenceStatus.ONLINE,
                PresenceStatus.AWAY,
                PresenceStatus.OFFLINE,
                PresenceStatus.ONLINE,
                PresenceStatus.OFFLINE,
                PresenceStatus.ONLINE,
                PresenceStatus.AWAY,
                PresenceStatus.OFFLINE,
                PresenceStatus.ONLINE,
                PresenceStatus.OFFLINE));
    assertThat(reported).extracting(PresenceChange::user).containsOnly(alice);
    List<Long> versions = reported.stream().map(PresenceChange::version).toList();
    for (int i = 1; i < versions.size(); i++) {
      assertThat(versions.get(i)).as("version %d", i).isGreaterThan(versions.get(i - 1));
    }
  }

  @Test
  void statusOfAnswersManyUsersInOneCall() {
    UserId invisible = randomUser();
    UserId absent = randomUser();
    a.connected(alice, phone);
    b.connected(bob, laptop);
    b.choose(bob, PresenceStatus.AWAY);
    a.connected(invisible, randomConnection());
    a.choose(invisible, PresenceStatus.OFFLINE);
    List<UserId> many = IntStream.range(0, 200).mapToObj(i -> randomUser()).toList();
    many.forEach(user -> b.connected(user, randomConnection()));
    List<UserId> asked = new ArrayList<>(many);
    asked.addAll(List.of(alice, bob, invisible, absent));

    Map<UserId, PresenceStatus> statuses = a.statusOf(asked);

    assertThat(statuses)
        .hasSize(asked.size())
        .containsEntry(alice, PresenceStatus.ONLINE)
        .containsEntry(bob, PresenceStatus.AWAY)
        .containsEntry(invisible, PresenceStatus.OFFLINE)
        .containsEntry(absent, PresenceStatus.OFFLINE);
    many.forEach(user -> assertThat(statuses).containsEntry(user, PresenceStatus.ONLINE));
    assertThat(a.statusOf(List.of())).isEmpty();
  }

  @Test
  void visiblePagesCoverEveryVisibleUserAndNoOneWhoAppearsOffline() {
    Map<UserId, PresenceChange> expected = new HashMap<>();
    List<UserId> hidden = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      UserId user = randomUser();
      PresenceDirectory view = i % 2 == 0 ? a : b;
      PresenceChange change = view.connected(user, randomConnection()).orElseThrow();
      switch (i % 3) {
        case 0 -> expected.put(user, change);
        case 1 -> expected.put(user, view.choose(user, PresenceStatus.AWAY).orElseThrow());
        default -> {
          view.choose(user, PresenceStatus.OFFLINE);
          hidden.add(user);
        }
      }
    }
    int limit = 7;

    Map<UserId, PresenceChange> seen = new HashMap<>();
    String cursor = "";
    int pages = 0;
    do {
      PresencePage page = a.visible(cursor, limit);
      assertThat(page.users()).hasSizeLessThanOrEqualTo(limit);
      page.users().forEach(change -> seen.put(change.user(), change));
      cursor = page.next();
      pages++;
      assertThat(pages).as("pages, when the cursor never ends").isLessThan(10_000);
    } while (!cursor.isEmpty());

    assertThat(seen)
        .containsAllEntriesOf(expected)
        .doesNotContainKeys(hidden.toArray(UserId[]::new));
    assertThat(pages).isGreaterThan(expected.size() / limit);
  }

  @Test
  void anInstanceThatIsNotLiveCannotRecordAConnection() {
    PresenceDirectory silent = presence(randomInstance());

    assertThatThrownBy(() -> silent.connected(alice, phone))
        .isInstanceOf(ClusterStateUnavailableException.class);
    assertThat(a.statusOf(List.of(alice))).containsEntry(alice, PresenceStatus.OFFLINE);
  }

  @Test
  void theUsersOfALapsedInstanceTurnOfflineAtOnceAndAreReportedOnce() {
    InstanceId dyingId = randomInstance();
    RoutingTable dyingRoutes = routingTable(dyingId);
    PresenceDirectory dying = presence(dyingId);
    PresenceDirectory third = live(randomInstance());
    UserId carol = randomUser();
    UserId invisible = randomUser();
    dyingRoutes.heartbeat(SHORT_TTL);
    PresenceChange carolOnline = dying.connected(carol, randomConnection()).orElseThrow();
    dying.connected(carol, randomConnection());
    dying.connected(alice, phone);
    a.connected(alice, laptop);
    dying.connected(invisible, randomConnection());
    dying.choose(invisible, PresenceStatus.OFFLINE);

    awaitLapse(routingTable(aId), dyingId);

    assertThat(a.statusOf(List.of(carol, alice, invisible)))
        .containsEntry(carol, PresenceStatus.OFFLINE)
        .containsEntry(alice, PresenceStatus.ONLINE)
        .containsEntry(invisible, PresenceStatus.OFFLINE);
    assertThat(allVisible(a)).doesNotContainKey(carol).containsKey(alice);

    List<List<PresenceChange>> expired =
        Concurrently.run(2, i -> () -> (i == 0 ? a : third).expireLapsed());

    List<PresenceChange> ours =
        expired.stream()
            .flatMap(List::stream)
            .filter(change -> List.of(carol, alice, invisible).contains(change.user()))
            .toList();
    assertThat(ours).hasSize(1);
    assertThat(ours.getFirst().user()).isEqualTo(carol);
    assertThat(ours.getFirst().status()).isEqualTo(PresenceStatus.OFFLINE);
    assertThat(ours.getFirst().version()).isGreaterThan(carolOnline.version());
    assertThat(a.expireLapsed()).extracting(PresenceChange::user).doesNotContain(carol, alice);

    // Beating again does not bring the forgotten connections back.
    dyingRoutes.heartbeat(LONG_TTL);
    assertThat(a.statusOf(List.of(carol, alice)))
        .containsEntry(carol, PresenceStatus.OFFLINE)
        .containsEntry(alice, PresenceStatus.ONLINE);
    assertThat(a.disconnected(alice, laptop).map(PresenceChange::status))
        .contains(PresenceStatus.OFFLINE);
  }

  @Test
  void aUserOnlyOnALapsedInstanceComesOnlineOnAnother() {
    InstanceId dyingId = randomInstance();
    RoutingTable dyingRoutes = routingTable(dyingId);
    PresenceDirectory dying = presence(dyingId);
    dyingRoutes.heartbeat(SHORT_TTL);
    PresenceChange first = dying.connected(alice, phone).orElseThrow();
    dying.choose(alice, PresenceStatus.AWAY);

    awaitLapse(routingTable(aId), dyingId);

    PresenceChange again = b.connected(alice, laptop).orElseThrow();
    assertThat(again.status()).isEqualTo(PresenceStatus.ONLINE);
    assertThat(again.version()).isGreaterThan(first.version());
    assertThat(a.expireLapsed()).extracting(PresenceChange::user).doesNotContain(alice);
    assertThat(a.statusOf(List.of(alice))).containsEntry(alice, PresenceStatus.ONLINE);
  }

  @Test
  void anInstanceThatLeavesTurnsItsOnlyUsersOffline() {
    InstanceId leavingId = randomInstance();
    PresenceDirectory leaving = live(leavingId);
    UserId carol = randomUser();
    leaving.connected(carol, randomConnection());
    leaving.connected(alice, phone);
    b.connected(alice, laptop);

    List<PresenceChange> left = leaving.leave();

    assertThat(left).extracting(PresenceChange::user).containsExactly(carol);
    assertThat(left).extracting(PresenceChange::status).containsExactly(PresenceStatus.OFFLINE);
    assertThat(a.statusOf(List.of(carol, alice)))
        .containsEntry(carol, PresenceStatus.OFFLINE)
        .containsEntry(alice, PresenceStatus.ONLINE);
    assertThat(leaving.leave()).isEmpty();
  }

  /**
   * Eight threads, half on each of two instances, connect one connection each of one user, wait for
   * each other, then disconnect them, many times over: exactly one caller per cycle hears that the
   * user came online, and exactly one that they went offline.
   */
  @Test
  void concurrentConnectionsAcrossInstancesReportEachChangeToExactlyOneCaller() {
    int threads = 8;
    int cycles = 100;
    CyclicBarrier barrier = new CyclicBarrier(threads);
    List<List<Change>> perThread =
        Concurrently.run(
            threads, i -> () -> cycle(i % 2 == 0 ? a : b, barrier, cycles, randomConnection()));

    List<Long> versions = new ArrayList<>();
    for (int cycle = 0; cycle < cycles; cycle++) {
      int c = cycle;
      List<Change> changes = perThread.stream().map(list -> list.get(c)).toList();
      List<PresenceChange> online =
          changes.stream().flatMap(change -> change.connected().stream()).toList();
      List<PresenceChange> offline =
          changes.stream().flatMap(change -> change.disconnected().stream()).toList();
      assertThat(online).hasSize(1);
      assertThat(online.getFirst().status()).isEqualTo(PresenceStatus.ONLINE);
      assertThat(offline).hasSize(1);
      assertThat(offline.getFirst().status()).isEqualTo(PresenceStatus.OFFLINE);
      versions.add(online.getFirst().version());
      versions.add(offline.getFirst().version());
    }
    assertThat(versions).isSorted().doesNotHaveDuplicates();
    assertThat(a.statusOf(List.of(alice))).containsEntry(alice, PresenceStatus.OFFLINE);
  }

  private List<Change> cycle(
      PresenceDirectory view, CyclicBarrier barrier, int cycles, ConnectionId base)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    List<Change> changes = new ArrayList<>(cycles);
    for (int cycle = 0; cycle < cycles; cycle++) {
      ConnectionId connection = new ConnectionId(base.value() + "-" + cycle);
      Optional<PresenceChange> connected = view.connected(alice, connection);
      barrier.await(10, TimeUnit.SECONDS);
      Optional<PresenceChange> disconnected = view.disconnected(alice, connection);
      barrier.await(10, TimeUnit.SECONDS);
      changes.add(new Change(connected, disconnected));
    }
    return changes;
  }

  /** Every visible user, through all pages. */
  private static Map<UserId, PresenceStatus> allVisible(PresenceDirectory view) {
    Map<UserId, PresenceStatus> seen = new HashMap<>();
    String cursor = "";
    do {
      PresencePage page = view.visible(cursor, 100);
      page.users().forEach(change -> seen.put(change.user(), change.status()));
      cursor = page.next();
    } while (!cursor.isEmpty());
    return seen;
  }

  private PresenceDirectory live(InstanceId instance) {
    routingTable(instance).heartbeat(LONG_TTL);
    return presence(instance);
  }

  private record Change(
      Optional<PresenceChange> connected, Optional<PresenceChange> disconnected) {}
}
