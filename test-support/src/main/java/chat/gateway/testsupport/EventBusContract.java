package chat.gateway.testsupport;

import static chat.gateway.testsupport.Connections.randomConnection;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.ClusterEvent.Evict;
import chat.gateway.application.port.out.ClusterEvent.Kick;
import chat.gateway.application.port.out.ClusterEvent.MessageStored;
import chat.gateway.application.port.out.ClusterEvent.PresenceChanged;
import chat.gateway.application.port.out.ClusterEvent.ReceiptAdvanced;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Limits;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventBus} promises in its Javadoc, seen from several gateway instances over one
 * shared backing bus (one JVM's hub, one Kafka cluster). An adapter's test extends this class and
 * says how to build that backing for one test ({@link #newCluster()}) and the bus an instance of it
 * uses ({@link Cluster#bus}).
 *
 * <p>Decided here, for every adapter: a publish to an instance nobody subscribed for (not yet, or
 * no longer after {@link EventBus#forget}) is dropped, and its stage completes normally; an
 * instance that subscribes later does not receive it. Subscribing one instance twice is refused
 * with {@link IllegalStateException}. A handler that throws loses that event only.
 */
public abstract class EventBusContract {

  /** Long enough for a real broker on a loaded 2-core machine; only the failing case waits it. */
  protected static final Duration PATIENCE = Duration.ofSeconds(30);

  private static final AtomicLong IDS = new AtomicLong();

  private Cluster cluster;

  /** The instances of one test, over one fresh backing bus. */
  protected interface Cluster extends AutoCloseable {

    /**
     * The bus {@code instance} uses: the same object for every instance of a hub, one per instance
     * for a client of a broker. The contract subscribes each instance at most once.
     */
    EventBus bus(InstanceId instance);

    /** Ends every bus this cluster handed out. */
    @Override
    void close();
  }

  /** A fresh backing bus for one test. */
  protected abstract Cluster newCluster();

  @BeforeEach
  void openCluster() {
    cluster = newCluster();
  }

  @AfterEach
  void closeCluster() {
    cluster.close();
  }

  @Test
  void aPublishReachesOnlyTheInstanceItNames() {
    Inbox a = subscribed("a");
    Inbox b = subscribed("b");
    Inbox c = subscribed("c");
    ClusterEvent forA = evict(randomUser());
    ClusterEvent forB = evict(randomUser());

    completes(c.bus.publish(a.id, forA));
    completes(c.bus.publish(b.id, forB));
    ClusterEvent markerForA = evict(randomUser());
    completes(c.bus.publish(a.id, markerForA));

    await().atMost(PATIENCE).until(() -> a.events.size() >= 2 && !b.events.isEmpty());
    assertThat(a.events).containsExactly(forA, markerForA);
    assertThat(b.events).containsExactly(forB);
    assertThat(c.events).isEmpty();
  }

  @Test
  void aBroadcastReachesEverySubscribedInstanceThePublisherIncluded() {
    Inbox a = subscribed("a");
    Inbox b = subscribed("b");
    Inbox c = subscribed("c");
    ClusterEvent change = new PresenceChanged(Set.of(), randomUser(), PresenceStatus.ONLINE, 7);

    completes(a.bus.broadcast(change));

    for (Inbox inbox : List.of(a, b, c)) {
      await().atMost(PATIENCE).until(() -> !inbox.events.isEmpty());
      assertThat(inbox.events).as(inbox.id.value()).containsExactly(change);
    }
  }

  @Test
  void everyKindOfEventArrivesEqualToWhatWasSent() {
    Inbox a = subscribed("a");
    Inbox b = subscribed("b");
    List<ClusterEvent> sent = everyKindOfEvent();

    sent.forEach(event -> completes(b.bus.publish(a.id, event)));

    await().atMost(PATIENCE).until(() -> a.events.size() >= sent.size());
    assertThat(a.events).containsExactlyElementsOf(sent);
  }

  @Test
  void everyKindOfEventArrivesEqualThroughABroadcast() {
    Inbox a = subscribed("a");
    Inbox b = subscribed("b");
    List<ClusterEvent> sent =
        everyKindOfEvent().stream().map(event -> event.withTargets(Set.of())).toList();

    sent.forEach(event -> completes(b.bus.broadcast(event)));

    await().atMost(PATIENCE).until(() -> a.events.size() >= sent.size());
    assertThat(a.events).containsExactlyElementsOf(sent);
  }

  @Test
  void eventsOfOnePublisherThreadToOneInstanceArriveInOrder() {
    Inbox a = subscribed("a");
    Inbox b = subscribed("b");
    UserId reader = randomUser();
    List<ClusterEvent> sent =
        IntStream.rangeClosed(1, 2_000).mapToObj(n -> (ClusterEvent) receipt(n, reader)).toList();

    List<CompletionStage<Void>> stages = new ArrayList<>();
    sent.forEach(event -> stages.add(b.bus.publish(a.id, event)));
    stages.forEach(EventBusContract::completes);

    await().atMost(PATIENCE).until(() -> a.events.size() >= sent.size());
    assertThat(a.events).containsExactlyElementsOf(sent);
  }

  @Test
  void eachOfManyPublisherThreadsKeepsItsOwnOrder() {
    Inbox a = subscribed("a");
    Inbox b = subscribed("b");
    int threads = 4;
    int each = 300;

    Concurrently.run(
        threads,
        thread ->
            () -> {
              for (int n = 1; n <= each; n++) {
                b.bus.publish(a.id, receipt(thread * 10_000L + n, UserId.of(thread + 1)));
              }
              return null;
            });

    await().atMost(PATIENCE).until(() -> a.events.size() >= threads * each);
    assertThat(a.events).hasSize(threads * each);
    for (int thread = 0; thread < threads; thread++) {
      UserId reader = UserId.of(thread + 1);
      long base = thread * 10_000L;
      List<ClusterEvent> expected =
          IntStream.rangeClosed(1, each)
              .mapToObj(n -> (ClusterEvent) receipt(base + n, reader))
              .toList();
      assertThat(
              a.events.stream()
                  .filter(event -> ((ReceiptAdvanced) event).reader().equals(reader))
                  .toList())
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aPublishToAnInstanceNobodySubscribedForIsDroppedWithoutError() {
    Inbox a = subscribed("a");
    InstanceId later = instance("later");

    completes(a.bus.publish(later, evict(randomUser())));

    Inbox lateInbox = subscribed(later);
    ClusterEvent marker = evict(randomUser());
    completes(a.bus.publish(later, marker));
    await().atMost(PATIENCE).until(() -> !lateInbox.events.isEmpty());
    assertThat(lateInbox.events).containsExactly(marker);
    assertThat(a.events).isEmpty();
  }

  @Test
  void forgetDropsWhatWasKeptForTheGoneInstance() {
    Inbox a = subscribed("a");
    Inbox gone = subscribed("gone");
    ClusterEvent before = evict(randomUser());
    completes(a.bus.publish(gone.id, before));
    await().atMost(PATIENCE).until(() -> !gone.events.isEmpty());

    a.bus.forget(gone.id);
    a.bus.forget(gone.id);
    a.bus.forget(instance("never-seen"));

    completes(a.bus.publish(gone.id, evict(randomUser())));
    ClusterEvent marker = evict(randomUser());
    completes(a.bus.publish(a.id, marker));
    await().atMost(PATIENCE).until(() -> !a.events.isEmpty());
    assertThat(a.events).containsExactly(marker);
    assertThat(gone.events).containsExactly(before);
  }

  @Test
  void aHandlerThatThrowsLosesThatEventOnly() {
    InstanceId id = instance("a");
    EventBus bus = cluster.bus(id);
    List<ClusterEvent> handled = new CopyOnWriteArrayList<>();
    bus.subscribe(
        id,
        event -> {
          if (event instanceof Evict) {
            throw new IllegalStateException("the handler failed on purpose");
          }
          handled.add(event);
        });
    ClusterEvent after = receipt(1, randomUser());

    completes(bus.publish(id, evict(randomUser())));
    completes(bus.publish(id, after));

    await().atMost(PATIENCE).until(() -> !handled.isEmpty());
    assertThat(handled).containsExactly(after);
  }

  @Test
  void subscribingOneInstanceTwiceIsRefused() {
    Inbox a = subscribed("a");

    assertThatThrownBy(() -> a.bus.subscribe(a.id, event -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  /** One of each kind, with every optional field present and empty, edge values and big content. */
  public static List<ClusterEvent> everyKindOfEvent() {
    UserId alice = randomUser();
    UserId bob = randomUser();
    Instant at = Instant.parse("2025-03-04T05:06:07.123Z");
    int maxContentBytes = Limits.defaults().maxContentBytes();
    String big = biggestUnicodeContent(maxContentBytes);
    List<ClusterEvent> events = new ArrayList<>();
    events.add(
        new MessageStored(
            Set.of(alice, bob),
            new Message(
                MessageId.of(Long.MAX_VALUE),
                alice,
                bob,
                ContentType.TEXT,
                "h\u00e9llo \u4e16\u754c \ud83d\udc4b\u0000 \"quoted\"\n",
                at,
                DeliveryStatus.SENT,
                Optional.of("client-\u00e9-1")),
            Optional.of(randomConnection())));
    events.add(
        new MessageStored(
            Set.of(bob),
            new Message(
                MessageId.of(1),
                UserId.of(1),
                UserId.of(Long.MAX_VALUE),
                ContentType.IMAGE,
                "",
                Instant.EPOCH,
                DeliveryStatus.READ,
                Optional.empty()),
            Optional.empty()));
    events.add(
        new MessageStored(
            Set.of(),
            new Message(
                MessageId.of(42),
                bob,
                alice,
                ContentType.VOICE,
                big,
                at,
                DeliveryStatus.DELIVERED,
                Optional.of("x".repeat(Limits.defaults().maxClientMsgIdLength()))),
            Optional.of(randomConnection())));
    for (DeliveryStatus status : DeliveryStatus.values()) {
      events.add(new ReceiptAdvanced(Set.of(alice), MessageId.of(7), bob, status));
    }
    events.add(
        new ReceiptAdvanced(Set.of(), MessageId.of(Long.MAX_VALUE), alice, DeliveryStatus.READ));
    long version = 0;
    for (PresenceStatus status : PresenceStatus.values()) {
      events.add(new PresenceChanged(Set.of(alice, bob), bob, status, version++));
    }
    events.add(new PresenceChanged(Set.of(), alice, PresenceStatus.AWAY, Long.MAX_VALUE));
    events.add(new PresenceChanged(Set.of(bob), alice, PresenceStatus.OFFLINE, -1));
    events.add(new Evict(Set.of(alice), randomConnection()));
    events.add(new Evict(Set.of(), unicodeConnection()));
    events.add(new Kick(Set.of(alice, bob), Optional.of(randomConnection()), true));
    events.add(new Kick(Set.of(alice), Optional.empty(), false));
    events.add(new Kick(Set.of(), Optional.empty(), true));
    return events;
  }

  /**
   * Content of exactly {@code bytes} UTF-8 bytes made of 1-, 2-, 3- and 4-byte characters (the
   * protocol's content limit is in UTF-8 bytes).
   */
  public static String biggestUnicodeContent(int bytes) {
    String unit = "a\u00e9\u4e16\ud83d\udc4b"; // 1 + 2 + 3 + 4 bytes
    String content = unit.repeat(bytes / 10) + "a".repeat(bytes % 10);
    assertThat(content.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
    return content;
  }

  private static ConnectionId unicodeConnection() {
    return new ConnectionId("conn-\u00e9\u4e16-" + UUID.randomUUID());
  }

  /** A fresh instance id, unique across the tests of this JVM and across runs. */
  protected static InstanceId instance(String name) {
    return new InstanceId(
        name + "-" + IDS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private Inbox subscribed(String name) {
    return subscribed(instance(name));
  }

  private Inbox subscribed(InstanceId id) {
    EventBus bus = cluster.bus(id);
    Inbox inbox = new Inbox(id, bus, new CopyOnWriteArrayList<>());
    bus.subscribe(id, inbox.events::add);
    return inbox;
  }

  private static Evict evict(UserId target) {
    return new Evict(Set.of(target), randomConnection());
  }

  private static ReceiptAdvanced receipt(long n, UserId reader) {
    return new ReceiptAdvanced(Set.of(reader), MessageId.of(n), reader, DeliveryStatus.DELIVERED);
  }

  /** Waits for a publish's stage and fails the test when it failed. */
  protected static void completes(CompletionStage<Void> stage) {
    assertThat(stage.toCompletableFuture())
        .succeedsWithin(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private record Inbox(InstanceId id, EventBus bus, List<ClusterEvent> events) {}
}
