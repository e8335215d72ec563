package chat.gateway.adapters.kafka;

import chat.gateway.adapters.kafka.EventCodec.UndecodableEventException;
import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.EventBusUnavailableException;
import chat.gateway.application.port.out.InstanceId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The event bus of a cluster on Kafka: one bus per gateway instance. Instance {@code i} reads the
 * topic {@code <prefix>events.<i>} (one partition, so its events keep their order) and the topic
 * {@code <prefix>broadcast}, both created by {@link #subscribe} with the settings of {@link
 * KafkaSettings}. A publish writes to the named instance's topic only, so the cost of one chat does
 * not grow with the number of instances; a broadcast writes once, to the broadcast topic.
 *
 * <p>Publishing never blocks the caller: the event is encoded and queued for the bus's publisher
 * thread, which hands it to the idempotent producer ({@code acks=all}). Its stage completes when
 * the broker acknowledged it, or exceptionally with {@link EventBusUnavailableException} when the
 * queue is full, the broker did not acknowledge it within {@link KafkaSettings#publishTimeout()},
 * or the bus is closed. An event to an instance whose topic does not exist (never subscribed, or
 * forgotten) is dropped and its stage completes normally; the publisher thread learns that with one
 * metadata request and remembers topics that exist.
 *
 * <p>{@link #subscribe} starts one consumer, assigned (no consumer group) to the two topics at
 * their ends, and a poll thread that hands each event to the handler. The thread survives
 * everything a poll or the handler throws (logged, then it goes on), a broker restart (the client
 * reconnects), an offset out of range (it jumps to the end: older events are the sync's business)
 * and its topics disappearing (it re-creates them every {@link
 * KafkaSettings#topicCheckInterval()}). A record that does not decode is skipped and logged once
 * per kind of fault. No log line holds an event's content.
 */
public final class KafkaEventBus implements EventBus, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(KafkaEventBus.class.getName());
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration AFTER_FAILURE = Duration.ofMillis(200);

  private final KafkaSettings settings;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;
  private final BlockingQueue<Task> queue;
  private final Thread publisher;
  private final Set<String> existing = ConcurrentHashMap.newKeySet();
  private final Set<String> loggedFaults = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private Subscription subscription;

  /** A bus on the cluster of {@code settings}; nothing is created on the broker until subscribe. */
  public KafkaEventBus(KafkaSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.admin = Admin.create(adminSettings(settings));
    this.producer =
        new KafkaProducer<>(
            producerSettings(settings), new ByteArraySerializer(), new ByteArraySerializer());
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.publisher = Thread.ofPlatform().name("event-bus-publisher").daemon().unstarted(this::send);
    publisher.start();
  }

  @Override
  public CompletionStage<Void> publish(InstanceId to, ClusterEvent event) {
    Objects.requireNonNull(to, "to");
    return enqueue(settings.eventsTopic(to), event);
  }

  @Override
  public CompletionStage<Void> broadcast(ClusterEvent event) {
    return enqueue(settings.broadcastTopic(), event);
  }

  /**
   * Creates this instance's topic and the broadcast topic when missing, then starts reading both
   * from their ends before it returns: every event published after it returns is handed to {@code
   * handler}, on the bus's consumer thread.
   *
   * @throws EventBusUnavailableException when the broker did not answer within {@link
   *     KafkaSettings#adminTimeout()}
   * @throws IllegalStateException when this bus has subscribed already, or is closed
   */
  @Override
  public synchronized void subscribe(InstanceId self, Consumer<ClusterEvent> handler) {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(handler, "handler");
    if (closed) {
      throw new IllegalStateException("the event bus is closed");
    }
    if (subscription != null) {
      throw new IllegalStateException(
          "the event bus has subscribed already, for instance " + subscription.self);
    }
    List<String> topics = List.of(settings.eventsTopic(self), settings.broadcastTopic());
    createTopics(topics);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerSettings(settings, self),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = topics.stream().map(t -> new TopicPartition(t, 0)).toList();
    try {
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      for (TopicPartition partition : partitions) {
        consumer.position(partition, settings.adminTimeout());
      }
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw new EventBusUnavailableException(
          "the event bus could not find the ends of its topics " + topics, e);
    }
    subscription = new Subscription(self, topics, consumer, handler);
    subscription.thread.start();
    LOG.log(Level.INFO, "event bus: instance " + self + " reads " + topics);
  }

  /**
   * Deletes the gone instance's topic, in order with this bus's publishes: an event published to it
   * afterwards is dropped. Returns at once; the deletion is done by the publisher thread.
   */
  @Override
  public void forget(InstanceId gone) {
    String topic = settings.eventsTopic(gone);
    existing.remove(topic);
    if (closed || !queue.offer(new Task(topic, null, null))) {
      admin.deleteTopics(List.of(topic));
    }
  }

  /** Stops the consumer thread and the publisher thread, and closes the clients. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    Subscription current;
    synchronized (this) {
      current = subscription;
    }
    if (current != null) {
      current.stop();
    }
    publisher.interrupt();
    join(publisher);
    for (Task task = queue.poll(); task != null; task = queue.poll()) {
      if (task.forget()) {
        // A topic to delete (this instance's own, at a clean shutdown) still goes, within the
        // admin client's close below.
        admin.deleteTopics(List.of(task.topic));
      } else {
        task.fail("the event bus closed", null);
      }
    }
    producer.close(settings.blockTimeout());
    admin.close(settings.blockTimeout());
  }

  /**
   * This instance was expired by another, which deleted its topic: it is created again at once
   * rather than at the next topic check, so that events reach this instance again.
   */
  @Override
  public void rejoin(InstanceId self) {
    Subscription current;
    synchronized (this) {
      current = subscription;
    }
    if (current != null && current.self.equals(self)) {
      current.checkTopicsNow();
    }
  }

  /**
   * Whether a broker answers now, within the block timeout: for readiness, which reports the bus
   * down without turning the instance unready (it still serves its own connections).
   */
  public boolean reachable() {
    long millis = settings.blockTimeout().toMillis();
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(millis, 60_000)))
          .clusterId()
          .get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The consumer's largest lag over its partitions, in records, as Kafka's client measures it
   * ({@code records-lag-max} of {@code consumer-fetch-manager-metrics}, over its recent fetches);
   * empty before the first fetch or without a subscription. Any thread.
   */
  public OptionalDouble consumerLag() {
    Subscription current;
    synchronized (this) {
      current = subscription;
    }
    if (current == null) {
      return OptionalDouble.empty();
    }
    for (Metric metric : current.consumer.metrics().values()) {
      MetricName name = metric.metricName();
      if (name.name().equals("records-lag-max")
          && name.group().equals("consumer-fetch-manager-metrics")
          && !name.tags().containsKey("topic")
          && metric.metricValue() instanceof Double lag
          && !lag.isNaN()
          && !lag.isInfinite()) {
        return OptionalDouble.of(lag);
      }
    }
    return OptionalDouble.empty();
  }

  /** True while the consumer thread runs (for health checks and tests). */
  public synchronized boolean consuming() {
    return subscription != null && subscription.thread.isAlive();
  }

  private CompletionStage<Void> enqueue(String topic, ClusterEvent event) {
    Objects.requireNonNull(event, "event");
    byte[] bytes = EventCodec.encode(event);
    CompletableFuture<Void> sent = new CompletableFuture<>();
    Task task = new Task(topic, bytes, sent);
    if (closed) {
      task.fail("the event bus is closed", null);
    } else if (!queue.offer(task)) {
      task.fail("the event bus's queue of " + settings.queueCapacity() + " events is full", null);
    } else {
      sent.orTimeout(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    return sent.exceptionallyCompose(
        failure -> CompletableFuture.failedStage(unavailable(failure, settings.publishTimeout())));
  }

  /** The publisher thread: one task at a time, in queue order. */
  private void send() {
    while (!closed) {
      Task task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        if (task.forget()) {
          deleteTopic(task.topic);
        } else if (!task.sent.isDone()) {
          send(task);
        }
      } catch (RuntimeException e) {
        task.fail("the event bus could not send", e);
        LOG.log(Level.WARNING, "event bus: a send failed: " + e);
      }
    }
  }

  private void send(Task task) {
    if (!existing.contains(task.topic)) {
      switch (exists(task.topic)) {
        case YES -> existing.add(task.topic);
        case NO -> {
          task.sent.complete(null);
          return;
        }
        case UNKNOWN -> {
          task.fail("the broker did not say whether " + task.topic + " exists", null);
          return;
        }
      }
    }
    producer.send(
        new ProducerRecord<>(task.topic, task.bytes),
        (metadata, failure) -> {
          if (failure == null) {
            task.sent.complete(null);
          } else {
            existing.remove(task.topic);
            task.fail("the broker did not take the event", failure);
          }
        });
  }

  private enum Existence {
    YES,
    NO,
    UNKNOWN
  }

  private Existence exists(String topic) {
    try {
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(settings.blockTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return Existence.YES;
    } catch (ExecutionException e) {
      return e.getCause() instanceof UnknownTopicOrPartitionException
          ? Existence.NO
          : Existence.UNKNOWN;
    } catch (TimeoutException e) {
      return Existence.UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Existence.UNKNOWN;
    }
  }

  /** Deletes a topic and waits (at most the block timeout) until the broker no longer has it. */
  private void deleteTopic(String topic) {
    existing.remove(topic);
    long deadline = System.nanoTime() + settings.blockTimeout().toNanos();
    try {
      admin
          .deleteTopics(List.of(topic))
          .all()
          .get(settings.blockTimeout().toMillis(), TimeUnit.MILLISECONDS);
      LOG.log(Level.INFO, "event bus: deleted the topic " + topic + " of a gone instance");
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
        LOG.log(Level.WARNING, "event bus: could not delete " + topic + ": " + e.getCause());
        return;
      }
    } catch (TimeoutException e) {
      LOG.log(Level.WARNING, "event bus: the deletion of " + topic + " did not finish in time");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    // The controller has deleted it; wait until the broker that answers metadata knows too.
    while (System.nanoTime() < deadline && exists(topic) == Existence.YES) {
      Thread.onSpinWait();
    }
  }

  private void createTopics(List<String> topics) {
    Map<String, String> config =
        Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.retention().toMillis()),
            TopicConfig.SEGMENT_MS_CONFIG, Long.toString(settings.retention().toMillis()),
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(settings.minInsyncReplicas()));
    List<NewTopic> wanted =
        topics.stream()
            .map(t -> new NewTopic(t, 1, settings.replicationFactor()).configs(config))
            .toList();
    Map<String, org.apache.kafka.common.KafkaFuture<Void>> results =
        admin.createTopics(wanted).values();
    for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result : results.entrySet()) {
      try {
        result.getValue().get(settings.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "event bus: created the topic " + result.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new EventBusUnavailableException(
              "the event bus could not create the topic " + result.getKey(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new EventBusUnavailableException(
            "the event bus could not create the topic "
                + result.getKey()
                + " within "
                + settings.adminTimeout(),
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EventBusUnavailableException("interrupted while creating the event topics", e);
      }
      existing.add(result.getKey());
    }
  }

  private static EventBusUnavailableException unavailable(Throwable failure, Duration timeout) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof EventBusUnavailableException unavailable) {
      return unavailable;
    }
    if (cause instanceof TimeoutException) {
      return new EventBusUnavailableException(
          "the event bus did not send the event within " + timeout, cause);
    }
    return new EventBusUnavailableException("the event bus could not send the event", cause);
  }

  private static void join(Thread thread) {
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Logs a fault the first time it happens for {@code kind}, and at debug afterwards. */
  private void logOnce(String kind, String message, Throwable cause) {
    if (loggedFaults.add(kind)) {
      LOG.log(
          Level.WARNING,
          message + " (logged once; later ones of this kind at DEBUG)" + describe(cause));
    } else {
      LOG.log(Level.DEBUG, message + describe(cause));
    }
  }

  private static String describe(Throwable cause) {
    return cause == null ? "" : ": " + cause;
  }

  private static Map<String, Object> adminSettings(KafkaSettings settings) {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "gateway-event-bus-admin");
    int timeout = (int) Math.min(Integer.MAX_VALUE, settings.adminTimeout().toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    return config;
  }

  static Map<String, Object> producerSettings(KafkaSettings settings) {
    long delivery = settings.publishTimeout().toMillis();
    long linger = settings.linger().toMillis();
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-event-bus-producer");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, settings.bufferBytes());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.blockTimeout().toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
    // delivery.timeout.ms must be at least linger.ms + request.timeout.ms.
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, delivery - linger));
    return config;
  }

  private static Map<String, Object> consumerSettings(KafkaSettings settings, InstanceId self) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-event-bus-consumer-" + self.value());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        (int) Math.min(Integer.MAX_VALUE, settings.adminTimeout().toMillis()));
    return config;
  }

  /** An event to send ({@code sent} set), or a topic to delete ({@code sent} null). */
  private record Task(String topic, byte[] bytes, CompletableFuture<Void> sent) {

    boolean forget() {
      return sent == null;
    }

    void fail(String why, Throwable cause) {
      if (sent != null) {
        sent.completeExceptionally(new EventBusUnavailableException(why, cause));
      }
    }
  }

  /** The consumer of one subscribed instance and its poll thread. */
  private final class Subscription {

    private final InstanceId self;
    private final List<String> topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<ClusterEvent> handler;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean checkTopics;

    Subscription(
        InstanceId self,
        List<String> topics,
        KafkaConsumer<byte[], byte[]> consumer,
        Consumer<ClusterEvent> handler) {
      this.self = self;
      this.topics = topics;
      this.consumer = consumer;
      this.handler = handler;
      this.thread =
          Thread.ofPlatform().name("event-bus-consumer-" + self).daemon().unstarted(this::run);
    }

    void checkTopicsNow() {
      checkTopics = true;
      consumer.wakeup();
    }

    void stop() {
      running = false;
      consumer.wakeup();
      join(thread);
    }

    private void run() {
      long nextTopicCheck = System.nanoTime() + settings.topicCheckInterval().toNanos();
      try {
        while (running) {
          if (checkTopics || System.nanoTime() - nextTopicCheck > 0) {
            checkTopics = false;
            nextTopicCheck = System.nanoTime() + settings.topicCheckInterval().toNanos();
            recreateTopics();
          }
          ConsumerRecords<byte[], byte[]> records;
          try {
            records = consumer.poll(POLL);
          } catch (WakeupException e) {
            continue;
          } catch (RuntimeException e) {
            logOnce("poll " + e.getClass().getName(), "event bus: a poll failed", e);
            pause();
            continue;
          }
          for (ConsumerRecord<byte[], byte[]> record : records) {
            hand(record);
          }
        }
      } finally {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
        LOG.log(Level.INFO, "event bus: instance " + self + " stopped reading");
      }
    }

    private void hand(ConsumerRecord<byte[], byte[]> record) {
      ClusterEvent event;
      try {
        event = EventCodec.decode(record.value());
      } catch (UndecodableEventException e) {
        logOnce(
            "decode " + e.kind(),
            "event bus: skipped a record of "
                + record.topic()
                + " at offset "
                + record.offset()
                + " that is not an event of this version ("
                + e.kind()
                + ")",
            null);
        return;
      }
      try {
        handler.accept(event);
      } catch (RuntimeException e) {
        logOnce(
            "handler " + EventCodec.kindName(event) + " " + e.getClass().getName(),
            "event bus: the handler failed on a "
                + EventCodec.kindName(event)
                + " event; that event is lost",
            e);
      }
    }

    private void recreateTopics() {
      try {
        createTopics(topics);
      } catch (RuntimeException e) {
        logOnce("topics " + e.getClass().getName(), "event bus: could not check the topics", e);
      }
    }

    private void pause() {
      try {
        Thread.sleep(AFTER_FAILURE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }
}
