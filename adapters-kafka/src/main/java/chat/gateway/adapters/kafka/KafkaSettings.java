package chat.gateway.adapters.kafka;

import chat.gateway.application.port.out.InstanceId;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the event bus uses Kafka. Every topic has one partition (one instance's events keep their
 * order); the other topic settings are here.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param topicPrefix put before every topic name ({@code <prefix>events.<instance-id>}, {@code
 *     <prefix>broadcast}): letters, digits, '.', '_' and '-', at most {@value #MAX_PREFIX_LENGTH}
 *     characters, may be empty
 * @param replicationFactor replicas of each topic the bus creates (1 for a single broker, 3 in
 *     production)
 * @param minInsyncReplicas {@code min.insync.replicas} of those topics: with {@code acks=all}, how
 *     many replicas must have an event before its publish succeeds; at most {@code
 *     replicationFactor}
 * @param retention {@code retention.ms} of those topics: events are live pushes, older ones are
 *     useless (the login push and sync recover), so a minute is plenty
 * @param publishTimeout a publish's stage completes (exceptionally with {@code
 *     EventBusUnavailableException} when the event was not acknowledged) within this; also the
 *     producer's {@code delivery.timeout.ms}
 * @param blockTimeout the longest the bus's publisher thread waits for the broker on one event
 *     (metadata, buffer room, whether an instance's topic exists); the producer's {@code
 *     max.block.ms}
 * @param adminTimeout the longest {@code subscribe} waits for its topics and its consumer's
 *     positions, and {@code close} for the producer to flush
 * @param linger the producer's {@code linger.ms}: a burst within it goes out in one request
 * @param bufferBytes the producer's {@code buffer.memory}: bytes of events waiting to be sent
 * @param queueCapacity events waiting for the publisher thread; a publish beyond it fails at once
 * @param topicCheckInterval how often a subscribed instance re-creates its topics when they are
 *     gone (a broker restarted empty, or another instance forgot this one by mistake)
 */
public record KafkaSettings(
    String bootstrapServers,
    String topicPrefix,
    short replicationFactor,
    int minInsyncReplicas,
    Duration retention,
    Duration publishTimeout,
    Duration blockTimeout,
    Duration adminTimeout,
    Duration linger,
    long bufferBytes,
    int queueCapacity,
    Duration topicCheckInterval) {

  /** Leaves room for {@code events.} and a 64-character instance id in Kafka's 249. */
  public static final int MAX_PREFIX_LENGTH = 170;

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]*");

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers must not be blank");
    }
    Objects.requireNonNull(topicPrefix, "topicPrefix");
    if (!PREFIX.matcher(topicPrefix).matches() || topicPrefix.length() > MAX_PREFIX_LENGTH) {
      throw new IllegalArgumentException(
          "Kafka topic prefix must be at most "
              + MAX_PREFIX_LENGTH
              + " letters, digits, '.', '_' or '-', got '"
              + topicPrefix
              + "'");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "Kafka replication factor must be positive, got " + replicationFactor);
    }
    if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "Kafka min.insync.replicas must be between 1 and the replication factor "
              + replicationFactor
              + ", got "
              + minInsyncReplicas);
    }
    positive("retention", retention);
    positive("publishTimeout", publishTimeout);
    positive("blockTimeout", blockTimeout);
    positive("adminTimeout", adminTimeout);
    Objects.requireNonNull(linger, "linger");
    if (linger.isNegative() || linger.compareTo(publishTimeout) >= 0) {
      throw new IllegalArgumentException(
          "Kafka linger must be at least 0 and below the publish timeout, got " + linger);
    }
    if (publishTimeout.minus(linger).toMillis() < 1) {
      throw new IllegalArgumentException("Kafka publish timeout must exceed linger by 1 ms");
    }
    if (bufferBytes < 1024 * 1024) {
      throw new IllegalArgumentException(
          "Kafka buffer must be at least 1 MiB (a 64 KiB message fits many times), got "
              + bufferBytes);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "Kafka publish queue capacity must be positive, got " + queueCapacity);
    }
    positive("topicCheckInterval", topicCheckInterval);
  }

  /**
   * The defaults for a single broker: no prefix, replication 1, retention 1 min, publish timeout 5
   * s, block timeout 500 ms, admin timeout 30 s, linger 2 ms, 32 MiB buffer, 10,000 queued events,
   * topic check every 30 s.
   */
  public static KafkaSettings defaults(String bootstrapServers) {
    return new KafkaSettings(
        bootstrapServers,
        "",
        (short) 1,
        1,
        Duration.ofMinutes(1),
        Duration.ofSeconds(5),
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        Duration.ofMillis(2),
        32L * 1024 * 1024,
        10_000,
        Duration.ofSeconds(30));
  }

  /** These settings with another topic prefix. */
  public KafkaSettings withTopicPrefix(String prefix) {
    return new KafkaSettings(
        bootstrapServers,
        prefix,
        replicationFactor,
        minInsyncReplicas,
        retention,
        publishTimeout,
        blockTimeout,
        adminTimeout,
        linger,
        bufferBytes,
        queueCapacity,
        topicCheckInterval);
  }

  /** These settings with other publish and block timeouts. */
  public KafkaSettings withTimeouts(Duration publish, Duration block) {
    return new KafkaSettings(
        bootstrapServers,
        topicPrefix,
        replicationFactor,
        minInsyncReplicas,
        retention,
        publish,
        block,
        adminTimeout,
        linger,
        bufferBytes,
        queueCapacity,
        topicCheckInterval);
  }

  /** The topic of one instance's events. */
  public String eventsTopic(InstanceId instance) {
    return topicPrefix + "events." + instance.value();
  }

  /** The topic every instance reads. */
  public String broadcastTopic() {
    return topicPrefix + "broadcast";
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("Kafka " + name + " must be positive, got " + value);
    }
  }
}
