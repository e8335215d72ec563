package chat.gateway.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.ClusterEvent.Evict;
import chat.gateway.application.port.out.ClusterEvent.ReceiptAdvanced;
import chat.gateway.application.port.out.EventBusUnavailableException;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Kafka bus does beyond the contract: its topics, bad records, a broker restart. */
class KafkaEventBusIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final KafkaBroker broker = KafkaBroker.shared();
  private final KafkaSettings settings =
      KafkaSettings.defaults(broker.bootstrapServers()).withTopicPrefix(broker.newTopicPrefix());
  private final List<KafkaEventBus> buses = new ArrayList<>();

  @AfterEach
  void closeBuses() {
    buses.forEach(KafkaEventBus::close);
  }

  @Test
  void subscribeCreatesBothTopicsWithTheDocumentedSettings() throws Exception {
    InstanceId self = instance();
    subscribed(settings, self, new CopyOnWriteArrayList<>());

    try (Admin admin = broker.admin()) {
      List<String> topics = List.of(settings.eventsTopic(self), settings.broadcastTopic());
      Map<String, TopicDescription> described =
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      for (String topic : topics) {
        assertThat(described.get(topic).partitions()).as(topic).hasSize(1);
        assertThat(described.get(topic).partitions().getFirst().replicas()).hasSize(1);
      }
      List<ConfigResource> resources =
          topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      for (ConfigResource resource : resources) {
        Config config = configs.get(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo("60000");
        assertThat(config.get("segment.ms").value()).isEqualTo("60000");
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
      }
    }
  }

  @Test
  void forgetDeletesTheGoneInstancesTopicOnly() throws Exception {
    InstanceId survivor = instance();
    InstanceId gone = instance();
    KafkaEventBus bus = subscribed(settings, survivor, new CopyOnWriteArrayList<>());
    subscribed(settings, gone, new CopyOnWriteArrayList<>());

    bus.forget(gone);

    try (Admin admin = broker.admin()) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                      .doesNotContain(settings.eventsTopic(gone))
                      .contains(settings.eventsTopic(survivor), settings.broadcastTopic()));
    }
  }

  @Test
  void anInstanceForgottenByAnotherGetsItsEventsAgainOnceItRejoins() throws Exception {
    InstanceId survivor = instance();
    InstanceId paused = instance();
    List<ClusterEvent> received = new CopyOnWriteArrayList<>();
    KafkaEventBus survivorBus = subscribed(settings, survivor, new CopyOnWriteArrayList<>());
    // Its own periodic topic check comes too late to matter: rejoining must do it.
    KafkaSettings rareChecks =
        new KafkaSettings(
            settings.bootstrapServers(),
            settings.topicPrefix(),
            settings.replicationFactor(),
            settings.minInsyncReplicas(),
            settings.retention(),
            settings.publishTimeout(),
            settings.blockTimeout(),
            settings.adminTimeout(),
            settings.linger(),
            settings.bufferBytes(),
            settings.queueCapacity(),
            Duration.ofHours(1));
    KafkaEventBus pausedBus = subscribed(rareChecks, paused, received);
    // The survivor expired the paused instance: its topic is deleted.
    survivorBus.forget(paused);
    try (Admin admin = broker.admin()) {
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  !admin
                      .listTopics()
                      .names()
                      .get(30, TimeUnit.SECONDS)
                      .contains(settings.eventsTopic(paused)));
    }

    // Back from its pause, its heartbeat found it expired: it rejoins the bus.
    pausedBus.rejoin(paused);

    ClusterEvent event =
        new ClusterEvent.Evict(Set.of(UserId.of(7)), new ConnectionId("after-the-pause"));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              survivorBus.publish(paused, event).toCompletableFuture().get(30, TimeUnit.SECONDS);
              assertThat(received).contains(event);
            });
  }

  @Test
  void anInstanceThatForgetsItselfAndClosesAtOnceStillDeletesItsTopic() throws Exception {
    InstanceId leaving = instance();
    KafkaEventBus bus = subscribed(settings, leaving, new CopyOnWriteArrayList<>());

    // A clean shutdown: nobody expires an instance that left, so it forgets its own queue.
    bus.forget(leaving);
    bus.close();

    try (Admin admin = broker.admin()) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                      .doesNotContain(settings.eventsTopic(leaving)));
    }
  }

  @Test
  void aRecordThatDoesNotDecodeIsSkippedAndTheConsumerGoesOn() throws Exception {
    InstanceId self = instance();
    List<ClusterEvent> received = new CopyOnWriteArrayList<>();
    KafkaEventBus bus = subscribed(settings, self, received);
    Map<String, Object> raw = new HashMap<>(broker.clientSettings());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(raw, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] bad : List.of(new byte[] {1, 2, 3}, new byte[0], "text".getBytes())) {
        producer
            .send(new ProducerRecord<>(settings.eventsTopic(self), bad))
            .get(30, TimeUnit.SECONDS);
      }
      producer
          .send(new ProducerRecord<>(settings.eventsTopic(self), null))
          .get(30, TimeUnit.SECONDS);
    }
    ClusterEvent good = new Evict(Set.of(UserId.of(1)), new ConnectionId("after-bad-records"));

    bus.publish(self, good).toCompletableFuture().get(30, TimeUnit.SECONDS);

    await().atMost(PATIENCE).until(() -> !received.isEmpty());
    assertThat(received).containsExactly(good);
    assertThat(bus.consuming()).isTrue();
  }

  @Test
  void aPublishFailsWithinItsTimeoutWhileTheBrokerIsDownAndTrafficFlowsAgainAfterARestart()
      throws Exception {
    assumeTrue(broker.canRestart(), "an existing broker is never stopped");
    KafkaSettings quick = settings.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300));
    InstanceId receiver = instance();
    List<ClusterEvent> received = new CopyOnWriteArrayList<>();
    KafkaEventBus receiving = subscribed(quick, receiver, received);
    KafkaEventBus publishing = bus(quick);
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    UserId reader = UserId.of(1);
    Thread traffic =
        Thread.ofPlatform()
            .name("test-traffic")
            .start(
                () -> {
                  for (long n = 1; running.get(); n++) {
                    long begun = System.nanoTime();
                    long number = n;
                    CompletableFuture<Void> stage =
                        publishing.publish(receiver, receipt(number, reader)).toCompletableFuture();
                    stage.whenComplete(
                        (ok, failure) ->
                            outcomes.add(new Outcome(number, failure, System.nanoTime() - begun)));
                    // Pace the traffic (about 200 events a second), not a wait for a condition.
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                  }
                });
    try {
      await().atMost(PATIENCE).until(() -> received.size() >= 20);

      broker.stop();
      await().atMost(PATIENCE).until(() -> outcomes.stream().anyMatch(o -> o.failure != null));
      broker.start();
      long afterRestart = outcomes.stream().mapToLong(Outcome::number).max().orElseThrow();
      await()
          .atMost(PATIENCE)
          .until(() -> received.stream().anyMatch(e -> number(e) > afterRestart + 50));
    } finally {
      running.set(false);
      traffic.join(10_000);
    }

    assertThat(receiving.consuming()).isTrue();
    List<Outcome> failures = outcomes.stream().filter(o -> o.failure != null).toList();
    assertThat(failures).isNotEmpty();
    assertThat(failures)
        .allSatisfy(
            o -> {
              assertThat(o.failure)
                  .isInstanceOfAny(
                      EventBusUnavailableException.class,
                      java.util.concurrent.CompletionException.class);
              Throwable cause =
                  o.failure instanceof java.util.concurrent.CompletionException
                      ? o.failure.getCause()
                      : o.failure;
              assertThat(cause).isInstanceOf(EventBusUnavailableException.class);
              assertThat(Duration.ofNanos(o.nanos))
                  .isLessThan(quick.publishTimeout().plusSeconds(1));
            });
    List<Long> numbers = received.stream().map(KafkaEventBusIT::number).toList();
    assertThat(numbers).isSorted().doesNotHaveDuplicates();
    LOG.log(
        System.Logger.Level.INFO,
        "broker restart under traffic: "
            + outcomes.size()
            + " publishes, "
            + failures.size()
            + " failed, "
            + numbers.size()
            + " received");
  }

  private static final System.Logger LOG = System.getLogger(KafkaEventBusIT.class.getName());

  private record Outcome(long number, Throwable failure, long nanos) {}

  private static long number(ClusterEvent event) {
    return ((ReceiptAdvanced) event).messageId().value();
  }

  private static ReceiptAdvanced receipt(long n, UserId reader) {
    return new ReceiptAdvanced(Set.of(reader), MessageId.of(n), reader, DeliveryStatus.DELIVERED);
  }

  private KafkaEventBus bus(KafkaSettings with) {
    KafkaEventBus bus = new KafkaEventBus(with);
    buses.add(bus);
    return bus;
  }

  private KafkaEventBus subscribed(KafkaSettings with, InstanceId self, List<ClusterEvent> into) {
    KafkaEventBus bus = bus(with);
    bus.subscribe(self, into::add);
    return bus;
  }

  private static InstanceId instance() {
    return new InstanceId("it-" + UUID.randomUUID().toString().substring(0, 13));
  }
}
