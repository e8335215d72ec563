package chat.gateway.application.service;

import static chat.gateway.testsupport.Connections.aSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.adapters.memory.InMemoryCluster;
import chat.gateway.adapters.memory.InMemoryEventBus;
import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.EventBusUnavailableException;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.presence.EveryoneAudience;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where {@link EventRouter} sends an event: this instance's connections directly, each other
 * instance holding a target once, with only the targets it holds; and that an outage of the routing
 * table or the bus never reaches the caller nor stops the local delivery.
 */
class EventRouterTest {

  private static final Duration TTL = Duration.ofMinutes(5);

  private final InstanceId a = new InstanceId("a");
  private final InstanceId b = new InstanceId("b");
  private final InstanceId c = new InstanceId("c");
  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final UserId carol = UserId.of(3);
  private final UserId dave = UserId.of(4);
  private final UserId nobody = UserId.of(5);
  private final InMemoryCluster cluster = new InMemoryCluster(InstantSource.system());
  private final RoutingTable routesOfA = cluster.routingTable(a);
  private final InMemoryEventBus hub = new InMemoryEventBus();
  private final RecordingBus bus = new RecordingBus(hub);
  private final List<ClusterEvent> receivedByB = new CopyOnWriteArrayList<>();
  private final List<ClusterEvent> receivedByC = new CopyOnWriteArrayList<>();
  private final ConnectionRegistry registry = new ConnectionRegistry(3, 100);
  private final EventDelivery local = new EventDelivery(registry, new EveryoneAudience());
  private final RecordingConnection aliceOnA = new RecordingConnection("alice-on-a", alice);
  private final Message message =
      new Message(
          MessageId.of(9),
          alice,
          bob,
          ContentType.TEXT,
          "hi",
          Instant.parse("2030-01-01T00:00:00Z"),
          DeliveryStatus.SENT,
          Optional.empty());

  @BeforeEach
  void threeInstances() {
    RoutingTable routesOfB = cluster.routingTable(b);
    RoutingTable routesOfC = cluster.routingTable(c);
    for (RoutingTable routes : List.of(routesOfA, routesOfB, routesOfC)) {
      routes.heartbeat(TTL);
    }
    hub.subscribe(b, receivedByB::add);
    hub.subscribe(c, receivedByC::add);
    routesOfA.attach(alice, aliceOnA.id(), aSession(), 3);
    registry.register(aliceOnA);
    routesOfB.attach(bob, new ConnectionId("bob-on-b"), aSession(), 3);
    routesOfB.attach(carol, new ConnectionId("carol-on-b"), aSession(), 3);
    routesOfB.attach(dave, new ConnectionId("dave-on-b"), aSession(), 3);
    routesOfC.attach(dave, new ConnectionId("dave-on-c"), aSession(), 3);
  }

  @Test
  void anEventReachesLocalConnectionsAndEachOtherInstanceOnceWithTheTargetsItHolds() {
    EventRouter router = new EventRouter(routesOfA, bus, local);
    ClusterEvent event =
        new ClusterEvent.MessageStored(
            Set.of(alice, bob, carol, dave, nobody), message, Optional.empty());

    router.route(event);

    assertThat(aliceOnA.frames())
        .containsExactly(ServerFrame.push(new ServerPayload.ChatPush(message)));
    assertThat(bus.published)
        .containsExactlyInAnyOrder(
            new Published(b, event.withTargets(Set.of(bob, carol, dave))),
            new Published(c, event.withTargets(Set.of(dave))));
    assertThat(receivedByB).containsExactly(event.withTargets(Set.of(bob, carol, dave)));
    assertThat(receivedByC).containsExactly(event.withTargets(Set.of(dave)));
    assertThat(bus.broadcasts).isEmpty();
  }

  @Test
  void anEventForUsersNoOtherInstanceHoldsIsNotPublished() {
    EventRouter router = new EventRouter(routesOfA, bus, local);

    router.route(new ClusterEvent.MessageStored(Set.of(alice), message, Optional.empty()));
    router.route(new ClusterEvent.MessageStored(Set.of(nobody), message, Optional.empty()));

    assertThat(aliceOnA.frames()).hasSize(1);
    assertThat(bus.published).isEmpty();
    assertThat(receivedByB).isEmpty();
  }

  @Test
  void aUserOnThisAndAnotherInstanceGetsItOnBoth() {
    cluster.routingTable(b).attach(alice, new ConnectionId("alice-on-b"), aSession(), 3);
    EventRouter router = new EventRouter(routesOfA, bus, local);
    ClusterEvent receipt =
        new ClusterEvent.ReceiptAdvanced(Set.of(alice), message.id(), bob, DeliveryStatus.READ);

    router.route(receipt);

    assertThat(aliceOnA.frames()).hasSize(1);
    assertThat(bus.published).containsExactly(new Published(b, receipt));
  }

  @Test
  void eventsRoutedTogetherCostOneLookupAndGoWhereEachWouldAlone() {
    List<String> calls = new CopyOnWriteArrayList<>();
    EventRouter router = new EventRouter(counting(routesOfA, calls), bus, local);
    ClusterEvent toAlice =
        new ClusterEvent.ReceiptAdvanced(Set.of(alice), message.id(), bob, DeliveryStatus.READ);
    ClusterEvent toBob =
        new ClusterEvent.ReceiptAdvanced(Set.of(bob), MessageId.of(10), alice, DeliveryStatus.READ);
    ClusterEvent toDave =
        new ClusterEvent.ReceiptAdvanced(Set.of(dave), MessageId.of(11), bob, DeliveryStatus.READ);

    router.routeAll(List.of(toAlice, toBob, toDave));

    assertThat(calls).containsOnlyOnce("instancesOf").doesNotHaveDuplicates();
    assertThat(aliceOnA.frames()).hasSize(1);
    assertThat(bus.published)
        .containsExactlyInAnyOrder(
            new Published(b, toBob), new Published(b, toDave), new Published(c, toDave));
  }

  @Test
  void aPresenceChangeForEveryoneIsDeliveredHereAndBroadcastOnce() {
    EventRouter router = new EventRouter(routesOfA, bus, local);
    ClusterEvent change = new ClusterEvent.PresenceChanged(Set.of(), bob, PresenceStatus.AWAY, 3);

    router.routeToEveryone(change);

    assertThat(aliceOnA.frames())
        .containsExactly(
            ServerFrame.push(new ServerPayload.PresencePush(bob, PresenceStatus.AWAY)));
    assertThat(bus.broadcasts).containsExactly(change);
    assertThat(bus.published).isEmpty();
    assertThat(receivedByB).containsExactly(change);
    assertThat(receivedByC).containsExactly(change);
  }

  @Test
  void onlyAPresenceChangeWithoutTargetsGoesToEveryone() {
    EventRouter router = new EventRouter(routesOfA, bus, local);

    assertThatThrownBy(
            () ->
                router.routeToEveryone(
                    new ClusterEvent.MessageStored(Set.of(), message, Optional.empty())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                router.routeToEveryone(
                    new ClusterEvent.PresenceChanged(Set.of(alice), bob, PresenceStatus.AWAY, 3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> router.routeToEveryone(new ClusterEvent.Kick(Set.of(), Optional.empty(), false)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(aliceOnA.frames()).isEmpty();
    assertThat(aliceOnA.closedWith()).isEmpty();
    assertThat(bus.broadcasts).isEmpty();
  }

  @Test
  void sendGoesToThisInstanceDirectlyAndToAnotherThroughTheBus() {
    EventRouter router = new EventRouter(routesOfA, bus, local);
    ClusterEvent evictHere = new ClusterEvent.Evict(Set.of(alice), aliceOnA.id());
    ClusterEvent evictThere = new ClusterEvent.Evict(Set.of(bob), new ConnectionId("bob-on-b"));

    router.send(a, evictHere);
    router.send(b, evictThere);

    assertThat(aliceOnA.closedWith()).contains(CloseReason.REPLACED);
    assertThat(bus.published).containsExactly(new Published(b, evictThere));
    assertThat(receivedByB).containsExactly(evictThere);
  }

  @Test
  void aRoutingTableThatThrowsLeavesTheLocalDeliveryAndThrowsNothing() {
    RoutingTable down = failing(routesOfA);
    EventRouter router = new EventRouter(down, bus, local);

    assertThatCode(
            () ->
                router.route(
                    new ClusterEvent.MessageStored(Set.of(alice, bob), message, Optional.empty())))
        .doesNotThrowAnyException();

    assertThat(aliceOnA.frames()).hasSize(1);
    assertThat(bus.published).isEmpty();
  }

  @Test
  void aBusThatThrowsOrFailsTheStageThrowsNothingToTheCaller() {
    for (EventBus broken : List.of(new ThrowingBus(), new FailedStageBus())) {
      RecordingConnection phone = new RecordingConnection("phone-" + broken, alice);
      registry.register(phone);
      EventRouter router = new EventRouter(routesOfA, broken, local);

      assertThatCode(
              () -> {
                router.route(
                    new ClusterEvent.MessageStored(Set.of(alice, bob), message, Optional.empty()));
                router.routeToEveryone(
                    new ClusterEvent.PresenceChanged(
                        Set.of(), bob, PresenceStatus.AWAY, System.nanoTime()));
                router.send(b, new ClusterEvent.Evict(Set.of(bob), new ConnectionId("x")));
              })
          .as("%s", broken)
          .doesNotThrowAnyException();

      assertThat(phone.frames())
          .extracting(ServerFrame::payload)
          .hasExactlyElementsOfTypes(
              ServerPayload.ChatPush.class, ServerPayload.PresencePush.class);
      assertThat(receivedByB).isEmpty();
    }
  }

  /** {@code real}, noting each method called but {@code self}. */
  private static RoutingTable counting(RoutingTable real, List<String> calls) {
    return (RoutingTable)
        Proxy.newProxyInstance(
            RoutingTable.class.getClassLoader(),
            new Class<?>[] {RoutingTable.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("self")) {
                calls.add(method.getName());
              }
              return method.invoke(real, args);
            });
  }

  private static RoutingTable failing(RoutingTable real) {
    return (RoutingTable)
        Proxy.newProxyInstance(
            RoutingTable.class.getClassLoader(),
            new Class<?>[] {RoutingTable.class},
            (proxy, method, args) -> {
              if (method.getName().equals("self")) {
                return real.self();
              }
              throw new ClusterStateUnavailableException("redis down", null);
            });
  }

  record Published(InstanceId to, ClusterEvent event) {}

  /** The hub, recording what goes through it. */
  private static final class RecordingBus implements EventBus {
    final List<Published> published = new CopyOnWriteArrayList<>();
    final List<ClusterEvent> broadcasts = new CopyOnWriteArrayList<>();
    private final EventBus hub;

    RecordingBus(EventBus hub) {
      this.hub = hub;
    }

    @Override
    public CompletionStage<Void> publish(InstanceId to, ClusterEvent event) {
      published.add(new Published(to, event));
      return hub.publish(to, event);
    }

    @Override
    public CompletionStage<Void> broadcast(ClusterEvent event) {
      broadcasts.add(event);
      return hub.broadcast(event);
    }

    @Override
    public void subscribe(InstanceId self, Consumer<ClusterEvent> handler) {
      hub.subscribe(self, handler);
    }

    @Override
    public void forget(InstanceId gone) {
      hub.forget(gone);
    }
  }

  private static final class ThrowingBus implements EventBus {
    @Override
    public CompletionStage<Void> publish(InstanceId to, ClusterEvent event) {
      throw new EventBusUnavailableException("kafka down", null);
    }

    @Override
    public CompletionStage<Void> broadcast(ClusterEvent event) {
      throw new EventBusUnavailableException("kafka down", null);
    }

    @Override
    public void subscribe(InstanceId self, Consumer<ClusterEvent> handler) {}

    @Override
    public void forget(InstanceId gone) {}

    @Override
    public String toString() {
      return "a bus that throws";
    }
  }

  private static final class FailedStageBus implements EventBus {
    @Override
    public CompletionStage<Void> publish(InstanceId to, ClusterEvent event) {
      return CompletableFuture.failedStage(new EventBusUnavailableException("no ack", null));
    }

    @Override
    public CompletionStage<Void> broadcast(ClusterEvent event) {
      return CompletableFuture.failedStage(new EventBusUnavailableException("no ack", null));
    }

    @Override
    public void subscribe(InstanceId self, Consumer<ClusterEvent> handler) {}

    @Override
    public void forget(InstanceId gone) {}

    @Override
    public String toString() {
      return "a bus that fails the stage";
    }
  }
}
