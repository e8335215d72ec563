package chat.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.application.presence.EveryoneAudience;
import chat.gateway.application.presence.PresenceAudience;
import chat.gateway.application.presence.SubscribedAudience;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a cluster event becomes frames for, or closes of, this instance's connections. */
class EventDeliveryTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final UserId carol = UserId.of(3);
  private final ConnectionRegistry registry = new ConnectionRegistry(3, 100);
  private final RecordingConnection alicePhone = connect("alice-phone", alice);
  private final RecordingConnection aliceLaptop = connect("alice-laptop", alice);
  private final RecordingConnection bobPhone = connect("bob-phone", bob);
  private final RecordingConnection bobTablet = connect("bob-tablet", bob);
  private final RecordingConnection carolPhone = connect("carol-phone", carol);
  private final Message message =
      new Message(
          MessageId.of(7),
          alice,
          bob,
          ContentType.TEXT,
          "hi",
          Instant.parse("2030-01-01T00:00:00Z"),
          DeliveryStatus.SENT,
          Optional.empty());

  @Test
  void aStoredMessageGoesToEveryConnectionOfItsTargetsButTheOneThatSentIt() {
    EventDelivery delivery = new EventDelivery(registry, new EveryoneAudience());

    int queued =
        delivery.deliver(
            new ClusterEvent.MessageStored(
                Set.of(alice, bob), message, Optional.of(alicePhone.id())));

    ServerFrame push = ServerFrame.push(new ServerPayload.ChatPush(message));
    assertThat(queued).isEqualTo(3);
    for (RecordingConnection target : List.of(aliceLaptop, bobPhone, bobTablet)) {
      assertThat(target.frames()).containsExactly(push);
    }
    assertThat(alicePhone.frames()).isEmpty();
    assertThat(carolPhone.frames()).isEmpty();
  }

  @Test
  void aStoredMessageWithoutAnExceptionGoesToEveryConnectionOfItsTargets() {
    EventDelivery delivery = new EventDelivery(registry, new EveryoneAudience());

    int queued =
        delivery.deliver(new ClusterEvent.MessageStored(Set.of(bob), message, Optional.empty()));

    assertThat(queued).isEqualTo(2);
    assertThat(bobPhone.frames()).hasSize(1);
    assertThat(bobTablet.frames()).hasSize(1);
    assertThat(alicePhone.frames()).isEmpty();
  }

  @Test
  void anAdvancedReceiptGoesToEveryConnectionOfTheSender() {
    EventDelivery delivery = new EventDelivery(registry, new EveryoneAudience());

    int queued =
        delivery.deliver(
            new ClusterEvent.ReceiptAdvanced(
                Set.of(alice), message.id(), bob, DeliveryStatus.READ));

    ServerFrame push =
        ServerFrame.push(new ServerPayload.ReceiptPush(message.id(), bob, DeliveryStatus.READ));
    assertThat(queued).isEqualTo(2);
    assertThat(alicePhone.frames()).containsExactly(push);
    assertThat(aliceLaptop.frames()).containsExactly(push);
    assertThat(bobPhone.frames()).isEmpty();
    assertThat(carolPhone.frames()).isEmpty();
  }

  @Test
  void aPresenceChangeForEveryoneGoesToEveryAuthenticatedConnectionButTheSubjectsOwn() {
    EventDelivery delivery = new EventDelivery(registry, new EveryoneAudience());

    int queued = delivery.deliver(presence(Set.of(), bob, PresenceStatus.AWAY, 5));

    ServerFrame push = ServerFrame.push(new ServerPayload.PresencePush(bob, PresenceStatus.AWAY));
    assertThat(queued).isEqualTo(3);
    for (RecordingConnection hearer : List.of(alicePhone, aliceLaptop, carolPhone)) {
      assertThat(hearer.frames()).containsExactly(push);
    }
    assertThat(bobPhone.frames()).isEmpty();
    assertThat(bobTablet.frames()).isEmpty();
  }

  @Test
  void aPresenceChangeGoesOnlyToTheConnectionsThatHearItsSubject() {
    PresenceAudience audience = new SubscribedAudience(new MapWatchers());
    audience.watch(alicePhone.id(), alice, Set.of(bob));
    audience.watch(carolPhone.id(), carol, Set.of(alice));
    EventDelivery delivery = new EventDelivery(registry, audience);

    int toEveryone = delivery.deliver(presence(Set.of(), bob, PresenceStatus.AWAY, 5));
    int toTargets = delivery.deliver(presence(Set.of(alice, carol), bob, PresenceStatus.ONLINE, 6));

    assertThat(toEveryone).isEqualTo(1);
    assertThat(toTargets).isEqualTo(1);
    assertThat(alicePhone.frames())
        .containsExactly(
            ServerFrame.push(new ServerPayload.PresencePush(bob, PresenceStatus.AWAY)),
            ServerFrame.push(new ServerPayload.PresencePush(bob, PresenceStatus.ONLINE)));
    for (RecordingConnection deaf : List.of(aliceLaptop, bobPhone, bobTablet, carolPhone)) {
      assertThat(deaf.frames()).isEmpty();
    }
  }

  @Test
  void aPresenceChangeNoNewerThanOneAppliedIsDropped() {
    EventDelivery delivery = new EventDelivery(registry, new EveryoneAudience());

    assertThat(delivery.deliver(presence(Set.of(), bob, PresenceStatus.AWAY, 5))).isEqualTo(3);
    assertThat(delivery.deliver(presence(Set.of(), bob, PresenceStatus.ONLINE, 5))).isZero();
    assertThat(delivery.deliver(presence(Set.of(), bob, PresenceStatus.OFFLINE, 4))).isZero();
    assertThat(delivery.deliver(presence(Set.of(carol), bob, PresenceStatus.ONLINE, 3))).isZero();
    // Versions are per subject: an older number of another user is new for them.
    assertThat(delivery.deliver(presence(Set.of(), carol, PresenceStatus.AWAY, 1))).isEqualTo(4);
    assertThat(delivery.deliver(presence(Set.of(), bob, PresenceStatus.OFFLINE, 6))).isEqualTo(3);

    assertThat(alicePhone.frames())
        .extracting(ServerFrame::payload)
        .containsExactly(
            new ServerPayload.PresencePush(bob, PresenceStatus.AWAY),
            new ServerPayload.PresencePush(carol, PresenceStatus.AWAY),
            new ServerPayload.PresencePush(bob, PresenceStatus.OFFLINE));
  }

  @Test
  void stoppingPresenceStopsPresencePushesOnly() {
    EventDelivery delivery = new EventDelivery(registry, new EveryoneAudience());

    delivery.stopPresence();

    assertThat(delivery.deliver(presence(Set.of(), bob, PresenceStatus.AWAY, 5))).isZero();
    assertThat(delivery.deliver(presence(Set.of(alice), bob, PresenceStatus.AWAY, 6))).isZero();
    assertThat(
            delivery.deliver(
                new ClusterEvent.MessageStored(Set.of(bob), message, Optional.empty())))
        .isEqualTo(2);
    assertThat(
            delivery.deliver(
                new ClusterEvent.ReceiptAdvanced(
                    Set.of(alice), message.id(), bob, DeliveryStatus.DELIVERED)))
        .isEqualTo(2);
    assertThat(delivery.deliver(new ClusterEvent.Evict(Set.of(carol), carolPhone.id())))
        .isEqualTo(1);
    for (RecordingConnection connection :
        List.of(alicePhone, aliceLaptop, bobPhone, bobTablet, carolPhone)) {
      assertThat(connection.frames())
          .extracting(ServerFrame::payload)
          .noneMatch(ServerPayload.PresencePush.class::isInstance);
    }
  }

  @Test
  void anEvictionClosesOnlyTheNamedConnectionAsReplaced() {
    EventDelivery delivery = new EventDelivery(registry, new EveryoneAudience());

    int closed = delivery.deliver(new ClusterEvent.Evict(Set.of(bob), bobPhone.id()));
    // A connection of a user the event does not target is left alone, even when named.
    int elsewhere = delivery.deliver(new ClusterEvent.Evict(Set.of(bob), carolPhone.id()));

    assertThat(closed).isEqualTo(1);
    assertThat(elsewhere).isZero();
    assertThat(bobPhone.closedWith()).contains(CloseReason.REPLACED);
    for (RecordingConnection other : List.of(alicePhone, aliceLaptop, bobTablet, carolPhone)) {
      assertThat(other.closedWith()).isEmpty();
    }
  }

  @Test
  void aKickOfOneConnectionWithAReconnectClosesItAsGoingAway() {
    EventDelivery delivery = new EventDelivery(registry, new EveryoneAudience());

    int closed =
        delivery.deliver(new ClusterEvent.Kick(Set.of(alice), Optional.of(alicePhone.id()), true));

    assertThat(closed).isEqualTo(1);
    assertThat(alicePhone.closedWith()).contains(CloseReason.GOING_AWAY);
    assertThat(CloseReason.GOING_AWAY.reconnect()).isTrue();
    for (RecordingConnection other : List.of(aliceLaptop, bobPhone, bobTablet, carolPhone)) {
      assertThat(other.closedWith()).isEmpty();
    }
  }

  @Test
  void aKickOfEveryConnectionWithoutAReconnectClosesThemAllAsKicked() {
    EventDelivery delivery = new EventDelivery(registry, new EveryoneAudience());

    int closed =
        delivery.deliver(new ClusterEvent.Kick(Set.of(alice, bob), Optional.empty(), false));

    assertThat(closed).isEqualTo(4);
    for (RecordingConnection kicked : List.of(alicePhone, aliceLaptop, bobPhone, bobTablet)) {
      assertThat(kicked.closedWith()).contains(CloseReason.KICKED);
    }
    assertThat(CloseReason.KICKED.reconnect()).isFalse();
    assertThat(carolPhone.closedWith()).isEmpty();
  }

  @Test
  void aConnectionThatCannotTakeTheFrameIsNotCounted() {
    EventDelivery delivery = new EventDelivery(registry, new EveryoneAudience());
    bobTablet.close(CloseReason.SLOW_CONSUMER);

    int queued =
        delivery.deliver(new ClusterEvent.MessageStored(Set.of(bob), message, Optional.empty()));

    assertThat(queued).isEqualTo(1);
    assertThat(bobPhone.frames()).hasSize(1);
    assertThat(bobTablet.frames()).isEmpty();
  }

  @Test
  void aChatQueuedAsStoredReportsOnceHowLongAfterItsAcceptanceItWasQueued() {
    List<Long> delays = new CopyOnWriteArrayList<>();
    Instant now = message.createdAt().plusMillis(250);
    EventDelivery delivery =
        new EventDelivery(registry, new EveryoneAudience(), pushDelays(delays), () -> now);

    delivery.deliver(new ClusterEvent.MessageStored(Set.of(bob), message, Optional.empty()));

    assertThat(delays).containsExactly(TimeUnit.MILLISECONDS.toNanos(250));
  }

  @Test
  void aChatQueuedNowhereReportsNoDelayAndAClockBehindReportsZero() {
    List<Long> delays = new CopyOnWriteArrayList<>();
    Instant behind = message.createdAt().minusSeconds(1);
    EventDelivery delivery =
        new EventDelivery(registry, new EveryoneAudience(), pushDelays(delays), () -> behind);

    delivery.deliver(
        new ClusterEvent.MessageStored(Set.of(UserId.of(99)), message, Optional.empty()));
    assertThat(delays).isEmpty();

    delivery.deliver(new ClusterEvent.MessageStored(Set.of(bob), message, Optional.empty()));
    assertThat(delays).containsExactly(0L);
  }

  /** Metrics that keep each chat push delay and ignore every other event. */
  private static GatewayMetrics pushDelays(List<Long> delays) {
    return (GatewayMetrics)
        Proxy.newProxyInstance(
            GatewayMetrics.class.getClassLoader(),
            new Class<?>[] {GatewayMetrics.class},
            (proxy, method, args) -> {
              if (method.getName().equals("chatPushDelay")) {
                delays.add((Long) args[0]);
              }
              return null;
            });
  }

  private RecordingConnection connect(String id, UserId user) {
    RecordingConnection connection = new RecordingConnection(id, user);
    assertThat(registry.register(connection).evicted()).isEmpty();
    return connection;
  }

  private static ClusterEvent.PresenceChanged presence(
      Set<UserId> targets, UserId subject, PresenceStatus status, long version) {
    return new ClusterEvent.PresenceChanged(targets, subject, status, version);
  }

  /** A watch index in a map: enough for one instance's audience. */
  private static final class MapWatchers implements PresenceWatchers {
    private final Map<ConnectionId, Map.Entry<UserId, Set<UserId>>> lists =
        new ConcurrentHashMap<>();

    @Override
    public void replace(ConnectionId connection, UserId watcher, Set<UserId> subjects) {
      lists.put(connection, Map.entry(watcher, Set.copyOf(subjects)));
    }

    @Override
    public void remove(ConnectionId connection) {
      lists.remove(connection);
    }

    @Override
    public Set<UserId> watchersOf(UserId subject) {
      return Set.copyOf(
          lists.values().stream()
              .filter(list -> list.getValue().contains(subject))
              .map(Map.Entry::getKey)
              .toList());
    }
  }
}
