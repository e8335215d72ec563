package chat.gateway.bootstrap;

import chat.gateway.adapters.kafka.KafkaSettings;
import chat.gateway.adapters.redis.RedisSettings;
import chat.gateway.application.port.out.InstanceId;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** This instance's place in a cluster: its id, its liveness, and where Redis and Kafka are. */
final class ClusterOptions {

  @Option(
      names = "--instance-id",
      description =
          "This instance's id, unique in the cluster: letters, digits, '.', '_', '-'; default: the"
              + " host name and a random part (env GATEWAY_INSTANCE_ID).")
  String instanceId;

  @Option(
      names = "--instance-ttl",
      converter = DurationConverter.class,
      description =
          "How long the instance counts as alive after each heartbeat (beats come three times as"
              + " often); a dead instance's users turn offline within it (env GATEWAY_INSTANCE_TTL).")
  Duration ttl;

  @Option(
      names = "--redis-url",
      description =
          "Redis for the routing table and presence, e.g. redis://localhost:6379; with"
              + " --kafka-bootstrap, selects cluster mode (env GATEWAY_REDIS_URL).")
  String redisUrl;

  @Option(
      names = "--redis-timeout",
      converter = DurationConverter.class,
      description = "Longest wait for one Redis call (env GATEWAY_REDIS_TIMEOUT).")
  Duration redisTimeout;

  @Option(
      names = "--redis-key-prefix",
      description = "Put before every Redis key (env GATEWAY_REDIS_KEY_PREFIX).")
  String redisKeyPrefix;

  @Option(
      names = "--kafka-bootstrap",
      description =
          "Kafka brokers for the events between instances, e.g. localhost:9092; with --redis-url,"
              + " selects cluster mode (env GATEWAY_KAFKA_BOOTSTRAP).")
  String kafkaBootstrap;

  @Option(
      names = "--kafka-topic-prefix",
      description = "Put before every topic name (env GATEWAY_KAFKA_TOPIC_PREFIX).")
  String kafkaTopicPrefix;

  @Option(
      names = "--kafka-replication-factor",
      description =
          "Replicas of each topic the gateway creates (env GATEWAY_KAFKA_REPLICATION_FACTOR).")
  short kafkaReplicationFactor;

  @Option(
      names = "--kafka-publish-timeout",
      converter = DurationConverter.class,
      description =
          "Longest wait for the broker to take an event; then it is dropped and its recipients"
              + " catch up by sync (env GATEWAY_KAFKA_PUBLISH_TIMEOUT).")
  Duration kafkaPublishTimeout;

  @Option(
      names = "--kafka-queue",
      description =
          "Events waiting to be handed to Kafka; more are dropped at once (env GATEWAY_KAFKA_QUEUE).")
  int kafkaQueue;

  @Option(
      names = "--kafka-buffer-bytes",
      description =
          "Bytes the Kafka producer buffers for the broker (env GATEWAY_KAFKA_BUFFER_BYTES).")
  long kafkaBufferBytes;

  GatewayConfig.Cluster toConfig() {
    InstanceId id =
        AuthOptions.present(instanceId).map(InstanceId::new).orElseGet(InstanceIds::generate);
    return new GatewayConfig.Cluster(id, ttl, shared());
  }

  private Optional<GatewayConfig.Shared> shared() {
    Optional<String> redis = AuthOptions.present(redisUrl);
    Optional<String> kafka = AuthOptions.present(kafkaBootstrap);
    if (redis.isPresent() != kafka.isPresent()) {
      throw new IllegalArgumentException(
          "cluster mode needs both GATEWAY_REDIS_URL and GATEWAY_KAFKA_BOOTSTRAP; only "
              + (redis.isPresent() ? "GATEWAY_REDIS_URL" : "GATEWAY_KAFKA_BOOTSTRAP")
              + " is set");
    }
    if (redis.isEmpty()) {
      return Optional.empty();
    }
    KafkaSettings defaults = KafkaSettings.defaults(kafka.get());
    KafkaSettings kafkaSettings =
        new KafkaSettings(
            kafka.get(),
            kafkaTopicPrefix == null ? "" : kafkaTopicPrefix,
            kafkaReplicationFactor,
            // With acks=all, an event is taken once all but one replica have it.
            Math.max(1, kafkaReplicationFactor - 1),
            defaults.retention(),
            kafkaPublishTimeout,
            defaults.blockTimeout(),
            defaults.adminTimeout(),
            defaults.linger(),
            kafkaBufferBytes,
            kafkaQueue,
            defaults.topicCheckInterval());
    return Optional.of(
        new GatewayConfig.Shared(
            new RedisSettings(
                redis.get(), redisTimeout, redisKeyPrefix == null ? "" : redisKeyPrefix),
            kafkaSettings));
  }
}
