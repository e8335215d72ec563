package chat.gateway.application.usecase;

import static chat.gateway.application.usecase.SharedCluster.id;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.EventBusUnavailableException;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.session.GatewayCoreBuilder.AudienceMode;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload.AuthRsp;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.ChatPush;
import chat.gateway.domain.protocol.ServerPayload.Error;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import chat.gateway.domain.protocol.ServerPayload.SyncRsp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the instances of a cluster do when one of them dies, lapses and comes back, or loses the
 * event bus or the routing table: the survivors keep serving, nobody stays online on a dead
 * instance, and nothing acked is lost.
 */
class ClusterFailureTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final UserId carol = UserId.of(3);
  private final SharedCluster cluster = new SharedCluster();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theUsersOfADeadInstanceTurnOfflineOnceItLapsesAndTheirPushesStopGoingThere() {
    TestGateway a = cluster.start("a");
    TestGateway b = cluster.start("b");
    TestClient watcher = a.login(alice);
    TestClient bobOnB = b.login(bob);
    watcher.awaitPush(PresencePush.class, p -> p.userId().equals(bob));
    assertThat(cluster.instancesOf(bob)).containsExactly(id("b"));

    // B dies: no more upkeep, no leave; its sockets are simply never heard of again.
    b.close();
    cluster.lapseAllBut(a);

    watcher.awaitPush(
        PresencePush.class, p -> p.equals(new PresencePush(bob, PresenceStatus.OFFLINE)));
    assertThat(watcher.pushes(PresencePush.class))
        .containsExactly(
            new PresencePush(bob, PresenceStatus.ONLINE),
            new PresencePush(bob, PresenceStatus.OFFLINE));
    assertThat(a.presence.statusOf(bob)).isEqualTo(PresenceStatus.OFFLINE);
    assertThat(cluster.instancesOf(bob)).isEmpty();
    assertThat(cluster.routes().liveInstances()).containsExactly(id("a"));

    // A chat to bob is stored and acked; nothing is routed to the dead instance's connection.
    MessageId id =
        watcher.awaitReply(watcher.chat(bob, "are you there?"), ChatAck.class).messageId();
    watcher.roundTrip();
    assertThat(bobOnB.pushes(ChatPush.class)).isEmpty();
    assertThat(cluster.store.find(id)).isPresent();
    // bob reconnects to the survivor and gets it by the login push.
    TestClient bobOnA = a.login(bob);
    bobOnA.awaitPush(ChatPush.class, p -> p.message().id().equals(id));
  }

  @Test
  void anInstanceThatLapsedAndWasExpiredAttachesItsConnectionsAgainAtItsNextBeat() {
    TestGateway a = cluster.start("a");
    TestGateway b = cluster.start("b");
    // bob first, so that he hears alice come online once, by her broadcast, not in his snapshot.
    TestClient bobOnB = b.login(bob);
    TestClient aliceOnA = a.login(alice);
    bobOnB.awaitPush(PresencePush.class, p -> p.userId().equals(alice));

    // A pauses past its ttl; B expires it: its routes and presence are gone from the shared state.
    cluster.lapseAllBut(b);
    bobOnB.awaitPush(
        PresencePush.class, p -> p.equals(new PresencePush(alice, PresenceStatus.OFFLINE)));
    assertThat(cluster.instancesOf(alice)).isEmpty();
    assertThat(cluster.routes().liveInstances()).containsExactly(id("b"));

    // A beats again: it was not live, so it attaches what it holds and records it online again.
    SharedCluster.upkeep(a);

    assertThat(cluster.routes().liveInstances()).containsExactlyInAnyOrder(id("a"), id("b"));
    assertThat(cluster.instancesOf(alice)).containsExactly(id("a"));
    assertThat(b.presence.statusOf(alice)).isEqualTo(PresenceStatus.ONLINE);
    bobOnB.awaitPushes(PresencePush.class, 3);
    assertThat(bobOnB.pushes(PresencePush.class))
        .containsExactly(
            new PresencePush(alice, PresenceStatus.ONLINE),
            new PresencePush(alice, PresenceStatus.OFFLINE),
            new PresencePush(alice, PresenceStatus.ONLINE));
    MessageId id = bobOnB.awaitReply(bobOnB.chat(alice, "welcome back"), ChatAck.class).messageId();
    aliceOnA.awaitPush(ChatPush.class, p -> p.message().id().equals(id));
    assertThat(aliceOnA.isOpen()).isTrue();
  }

  @Test
  void anInstanceBackFromALapsePutsItsWatchListsBackInTheSharedIndex() {
    TestGateway a = cluster.start("a", o -> o.audience(AudienceMode.SUBSCRIBED));
    TestGateway b = cluster.start("b", o -> o.audience(AudienceMode.SUBSCRIBED));
    TestClient aliceOnA = a.login(alice);
    long seq = aliceOnA.send(new ClientPayload.PresenceSub(List.of(bob.value())));
    assertThat(aliceOnA.awaitReply(seq, PresencePush.class))
        .isEqualTo(new PresencePush(bob, PresenceStatus.OFFLINE));

    // A pauses past its ttl and B expires it: alice's watch list leaves the shared index.
    cluster.lapseAllBut(b);
    SharedCluster.upkeep(a);

    // Back: bob logging in on B is heard by alice, whose list A gave the index again.
    b.login(bob);
    aliceOnA.awaitPush(
        PresencePush.class, p -> p.equals(new PresencePush(bob, PresenceStatus.ONLINE)));
  }

  @Test
  void aRejoinCutShortByAFailureIsFinishedAtTheNextRound() {
    Faults faults = new Faults();
    TestGateway a = cluster.start("a", o -> o.faults(faults));
    TestGateway b = cluster.start("b");
    TestClient bobOnB = b.login(bob);
    a.login(alice);
    bobOnB.awaitPush(PresencePush.class, p -> p.userId().equals(alice));
    cluster.lapseAllBut(b);
    bobOnB.awaitPush(
        PresencePush.class, p -> p.equals(new PresencePush(alice, PresenceStatus.OFFLINE)));

    // A beats and attaches alice again, but presence fails before it records her.
    faults.fail(
        PresenceDirectory.class,
        () -> new ClusterStateUnavailableException("presence down", new RuntimeException()));
    SharedCluster.upkeep(a);
    assertThat(cluster.instancesOf(alice)).containsExactly(id("a"));
    assertThat(b.presence.statusOf(alice)).isEqualTo(PresenceStatus.OFFLINE);

    // The next round (no longer a first beat) finishes the rejoin.
    faults.heal();
    SharedCluster.upkeep(a);

    assertThat(b.presence.statusOf(alice)).isEqualTo(PresenceStatus.ONLINE);
    bobOnB.awaitPush(
        PresencePush.class, p -> p.equals(new PresencePush(alice, PresenceStatus.ONLINE)));
  }

  @ParameterizedTest
  @EnumSource(BusFailure.class)
  void anEventBusOutageLeavesLocalPushesAndTheStoreWorkingAndClosesNothing(BusFailure failure) {
    Faults faults = new Faults();
    FailingStageBus stages = new FailingStageBus(cluster.hub);
    TestGateway a = cluster.start("a", faults.wrap(EventBus.class, stages), o -> o.faults(faults));
    TestGateway b = cluster.start("b");
    TestClient alicePhone = a.login(alice);
    TestClient aliceLaptop = a.login(alice);
    TestClient carolOnA = a.login(carol);
    TestClient bobOnB = b.login(bob);
    failure.start(faults, stages);

    long toBob = alicePhone.chat(bob, "while the bus is down");
    long toCarol = alicePhone.chat(carol, "next door");

    MessageId lost = alicePhone.awaitReply(toBob, ChatAck.class).messageId();
    MessageId local = alicePhone.awaitReply(toCarol, ChatAck.class).messageId();
    carolOnA.awaitPush(ChatPush.class, p -> p.message().id().equals(local));
    aliceLaptop.awaitPush(ChatPush.class, p -> p.message().id().equals(lost));
    aliceLaptop.awaitPush(ChatPush.class, p -> p.message().id().equals(local));
    alicePhone.roundTrip();
    assertThat(failure.failures(faults, stages)).isPositive();
    assertThat(bobOnB.pushes(ChatPush.class)).isEmpty();
    assertThat(cluster.store.find(lost)).isPresent();

    // bob catches up by sync; nobody was closed by the outage.
    long sync = bobOnB.send(new ClientPayload.SyncReq(0, 0));
    assertThat(bobOnB.awaitReply(sync, SyncRsp.class).messages())
        .extracting(m -> m.id())
        .containsExactly(lost);
    for (TestClient client : List.of(alicePhone, aliceLaptop, carolOnA, bobOnB)) {
      client.roundTrip();
      assertThat(client.isOpen()).isTrue();
    }

    // Once the bus works again, pushes cross instances again.
    faults.heal();
    stages.heal();
    MessageId later =
        alicePhone.awaitReply(alicePhone.chat(bob, "back"), ChatAck.class).messageId();
    bobOnB.awaitPush(ChatPush.class, p -> p.message().id().equals(later));
  }

  @Test
  void aRoutingTableThatFailsAtLoginRefusesTheConnectionCleanlyUntilItHeals() {
    Faults faults = new Faults();
    TestGateway a = cluster.start("a", o -> o.faults(faults));
    cluster.start("b");
    faults.fail(
        RoutingTable.class,
        () -> new ClusterStateUnavailableException("redis down", new RuntimeException()));

    TestClient refused = a.open();
    long auth = refused.auth(alice);

    Error error = refused.awaitReply(auth, Error.class);
    assertThat(error.code()).isEqualTo(ErrorCode.WS_INTERNAL_ERROR);
    assertThat(refused.awaitClose()).isEqualTo(CloseReason.INTERNAL_ERROR);
    assertThat(CloseReason.INTERNAL_ERROR.code()).isEqualTo(4000);
    assertThat(refused.received(AuthRsp.class)).isEmpty();
    assertThat(faults.thrown(RoutingTable.class)).isPositive();
    TestClient.eventually().until(() -> a.core.openSockets() == 0);
    assertThat(a.core.registry().connectionsOf(alice)).isEmpty();
    assertThat(a.presence.statusOf(alice)).isEqualTo(PresenceStatus.OFFLINE);

    faults.heal();
    TestClient welcome = a.login(alice);
    welcome.roundTrip();
    assertThat(cluster.instancesOf(alice)).containsExactly(id("a"));
    assertThat(a.presence.statusOf(alice)).isEqualTo(PresenceStatus.ONLINE);
  }

  /** How the bus fails on instance A. */
  enum BusFailure {
    THROWS {
      @Override
      void start(Faults faults, FailingStageBus stages) {
        faults.fail(
            EventBus.class,
            () -> new EventBusUnavailableException("kafka down", new RuntimeException()));
      }

      @Override
      int failures(Faults faults, FailingStageBus stages) {
        return faults.thrown(EventBus.class);
      }
    },
    FAILS_THE_STAGE {
      @Override
      void start(Faults faults, FailingStageBus stages) {
        stages.fail();
      }

      @Override
      int failures(Faults faults, FailingStageBus stages) {
        return stages.failed();
      }
    };

    abstract void start(Faults faults, FailingStageBus stages);

    abstract int failures(Faults faults, FailingStageBus stages);
  }

  /** The hub, or, while failing, a bus that takes nothing and fails every stage, as Kafka may. */
  static final class FailingStageBus implements EventBus {
    private final EventBus hub;
    private volatile boolean failing;
    private final java.util.concurrent.atomic.AtomicInteger failed =
        new java.util.concurrent.atomic.AtomicInteger();

    FailingStageBus(EventBus hub) {
      this.hub = hub;
    }

    void fail() {
      failing = true;
    }

    void heal() {
      failing = false;
    }

    int failed() {
      return failed.get();
    }

    @Override
    public CompletionStage<Void> publish(InstanceId to, ClusterEvent event) {
      return failing ? failure() : hub.publish(to, event);
    }

    @Override
    public CompletionStage<Void> broadcast(ClusterEvent event) {
      return failing ? failure() : hub.broadcast(event);
    }

    @Override
    public void subscribe(InstanceId self, Consumer<ClusterEvent> handler) {
      hub.subscribe(self, handler);
    }

    @Override
    public void forget(InstanceId gone) {
      hub.forget(gone);
    }

    @Override
    public void rejoin(InstanceId self) {
      hub.rejoin(self);
    }

    private CompletionStage<Void> failure() {
      failed.incrementAndGet();
      return CompletableFuture.failedStage(
          new EventBusUnavailableException("not acknowledged in time", null));
    }
  }
}
