package chat.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.adapters.kafka.KafkaSettings;
import chat.gateway.application.port.out.InstanceId;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Cluster mode: chosen by Redis and Kafka together, with PostgreSQL; its settings flow through. */
class ClusterSettingsTest {

  private static final String[] DB = {"--db-url", "jdbc:postgresql://db:5432/chat"};

  @Test
  void withoutRedisAndKafkaTheInstanceIsAloneWithAGeneratedIdAndTheDefaultTtl() {
    GatewayConfig.Cluster cluster = parse().toConfig().cluster();

    assertThat(cluster.shared()).isEmpty();
    assertThat(cluster.livenessTtl()).isEqualTo(Duration.ofSeconds(6));
    assertThat(cluster.instanceId().value()).matches("[a-z0-9.-]+-[0-9a-f]{8}");
    assertThat(parse().toConfig().cluster().instanceId()).isNotEqualTo(cluster.instanceId());
  }

  @Test
  void redisAndKafkaSelectClusterModeWithEverySetting() {
    GatewayConfig config =
        parse(
                DB[0],
                DB[1],
                "--redis-url",
                "redis://:secret@redis:6379/2",
                "--redis-timeout",
                "750ms",
                "--redis-key-prefix",
                "chat:",
                "--kafka-bootstrap",
                "k1:9092,k2:9092",
                "--kafka-topic-prefix",
                "prod.",
                "--kafka-replication-factor",
                "3",
                "--kafka-publish-timeout",
                "2s",
                "--kafka-queue",
                "500",
                "--kafka-buffer-bytes",
                "1048576",
                "--instance-id",
                "gw-1",
                "--instance-ttl",
                "3s")
            .toConfig();

    GatewayConfig.Cluster cluster = config.cluster();
    assertThat(cluster.instanceId()).isEqualTo(new InstanceId("gw-1"));
    assertThat(cluster.livenessTtl()).isEqualTo(Duration.ofSeconds(3));
    GatewayConfig.Shared shared = cluster.shared().orElseThrow();
    assertThat(shared.redis().url()).isEqualTo("redis://:secret@redis:6379/2");
    assertThat(shared.redis().commandTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(shared.redis().keyPrefix()).isEqualTo("chat:");
    KafkaSettings kafka = shared.kafka();
    assertThat(kafka.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(kafka.topicPrefix()).isEqualTo("prod.");
    assertThat(kafka.replicationFactor()).isEqualTo((short) 3);
    assertThat(kafka.minInsyncReplicas()).isEqualTo(2);
    assertThat(kafka.publishTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(kafka.queueCapacity()).isEqualTo(500);
    assertThat(kafka.bufferBytes()).isEqualTo(1_048_576);
  }

  @Test
  void theDefaultsAreTheAdaptersOwn() {
    KafkaSettings kafka =
        parse(DB[0], DB[1], "--redis-url", "redis://r:6379", "--kafka-bootstrap", "k:9092")
            .toConfig()
            .cluster()
            .shared()
            .orElseThrow()
            .kafka();

    assertThat(kafka).isEqualTo(KafkaSettings.defaults("k:9092"));
  }

  @Test
  void oneOfRedisAndKafkaAloneIsRefusedNamingTheOther() {
    assertThatThrownBy(() -> parse(DB[0], DB[1], "--redis-url", "redis://r:6379").toConfig())
        .hasMessageContaining("GATEWAY_KAFKA_BOOTSTRAP");
    assertThatThrownBy(() -> parse(DB[0], DB[1], "--kafka-bootstrap", "k:9092").toConfig())
        .hasMessageContaining("only GATEWAY_KAFKA_BOOTSTRAP is set");
  }

  @Test
  void aClusterWithoutPostgresqlIsRefused() {
    assertThatThrownBy(
            () -> parse("--redis-url", "redis://r:6379", "--kafka-bootstrap", "k:9092").toConfig())
        .hasMessageContaining("set GATEWAY_DB_URL");
  }

  @Test
  void badValuesAreRefusedWithTheirReason() {
    assertThatThrownBy(() -> parse("--instance-id", "gw 1").toConfig())
        .hasMessageContaining("instance id");
    assertThatThrownBy(() -> parse("--instance-ttl", "100ms").toConfig())
        .hasMessageContaining("GATEWAY_INSTANCE_TTL");
    assertThatThrownBy(
            () ->
                parse(DB[0], DB[1], "--redis-url", "http://r:6379", "--kafka-bootstrap", "k:9092")
                    .toConfig())
        .hasMessageContaining("redis://");
  }

  @Test
  void theBannerNamesTheInstanceAndNeverTheRedisPassword() {
    String banner =
        Banner.describe(
            parse(
                    DB[0],
                    DB[1],
                    "--redis-url",
                    "redis://:hunter2@redis:6379",
                    "--kafka-bootstrap",
                    "k:9092",
                    "--instance-id",
                    "gw-7")
                .toConfig(),
            8443);

    assertThat(banner)
        .contains("cluster instance gw-7")
        .contains("Redis at redis:6379")
        .contains("Kafka at k:9092")
        .doesNotContain("hunter2");
  }

  private static ServeCommand parse(String... args) {
    ServeCommand command = new ServeCommand(new PrintStream(OutputStream.nullOutputStream()));
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
