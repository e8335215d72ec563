package chat.gateway.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.application.port.out.InstanceId;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  private final KafkaSettings defaults = KafkaSettings.defaults("localhost:9092");

  @Test
  void namesTheTopicsWithThePrefix() {
    KafkaSettings prefixed = defaults.withTopicPrefix("chat-prod.");

    assertThat(prefixed.eventsTopic(new InstanceId("gw-1"))).isEqualTo("chat-prod.events.gw-1");
    assertThat(prefixed.broadcastTopic()).isEqualTo("chat-prod.broadcast");
    assertThat(defaults.broadcastTopic()).isEqualTo("broadcast");
    String longest =
        defaults
            .withTopicPrefix("p".repeat(KafkaSettings.MAX_PREFIX_LENGTH))
            .eventsTopic(new InstanceId("i".repeat(64)));
    assertThat(longest.length()).isLessThanOrEqualTo(249);
  }

  @Test
  void refusesWhatKafkaOrTheBusCannotUse() {
    assertThatThrownBy(() -> defaults.withTopicPrefix("bad prefix"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix");
    assertThatThrownBy(
            () -> defaults.withTopicPrefix("p".repeat(KafkaSettings.MAX_PREFIX_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KafkaSettings.defaults(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withTimeouts(Duration.ZERO, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withTimeouts(Duration.ofMillis(2), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linger");
    assertThatThrownBy(
            () ->
                new KafkaSettings(
                    "localhost:9092",
                    "",
                    (short) 1,
                    2,
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(5),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(30),
                    Duration.ofMillis(2),
                    32L << 20,
                    10,
                    Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min.insync.replicas");
  }

  @Test
  void theProducerIsIdempotentAndBoundedByTheTimeouts() {
    Map<String, Object> producer = KafkaEventBus.producerSettings(defaults);

    assertThat(producer)
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000)
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500L)
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 2)
        .containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L << 20);
    int request = (Integer) producer.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    assertThat(request + 2).isLessThanOrEqualTo(5_000);
  }
}
