package chat.gateway.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The shared broker starts, takes and serves records, and survives a stop and start. */
class KafkaBrokerIT {

  private static final System.Logger LOG = System.getLogger(KafkaBrokerIT.class.getName());

  @Test
  void startsTakesRecordsAndComesBackOnTheSamePortWithThem() throws Exception {
    long begun = System.nanoTime();
    KafkaBroker broker = KafkaBroker.shared();
    long startMillis = (System.nanoTime() - begun) / 1_000_000;
    LOG.log(System.Logger.Level.INFO, "KafkaBroker.shared() took " + startMillis + " ms");
    assertThat(broker.name()).isEqualTo("Kafka");
    assertThat(broker.bootstrapServers()).contains(":" + broker.port());
    assertThat(broker.isRunning()).isTrue();

    String prefix = broker.newTopicPrefix();
    assertThat(broker.newTopicPrefix()).isNotEqualTo(prefix);
    String topic = prefix + "pushes";
    broker.createTopic(topic, 1);

    try (KafkaProducer<String, String> producer = producer(broker, 30_000)) {
      RecordMetadata sent =
          producer.send(new ProducerRecord<>(topic, "alice", "hello")).get(30, TimeUnit.SECONDS);
      assertThat(sent.offset()).isZero();
    }
    assertThat(readAll(broker, topic, prefix + "before", 1))
        .extracting(ConsumerRecord::value)
        .containsExactly("hello");

    assumeTrue(broker.canRestart(), "an existing broker is never stopped");
    int port = broker.port();
    broker.stop();
    assertThat(broker.isRunning()).isFalse();
    try (KafkaProducer<String, String> producer = producer(broker, 3_000)) {
      long sendBegun = System.nanoTime();
      assertThatThrownBy(
              () ->
                  producer
                      .send(new ProducerRecord<>(topic, "alice", "lost"))
                      .get(10, TimeUnit.SECONDS))
          .isInstanceOfAny(ExecutionException.class, org.apache.kafka.common.KafkaException.class);
      LOG.log(
          System.Logger.Level.INFO,
          "a send to the stopped broker failed in "
              + (System.nanoTime() - sendBegun) / 1_000_000
              + " ms");
    }

    long restartBegun = System.nanoTime();
    broker.start();
    LOG.log(
        System.Logger.Level.INFO,
        "restart took " + (System.nanoTime() - restartBegun) / 1_000_000 + " ms");
    assertThat(broker.isRunning()).isTrue();
    assertThat(broker.port()).isEqualTo(port);
    assertThat(readAll(broker, topic, prefix + "after", 1))
        .extracting(ConsumerRecord::value)
        .containsExactly("hello");
    try (KafkaProducer<String, String> producer = producer(broker, 30_000)) {
      assertThat(
              producer
                  .send(new ProducerRecord<>(topic, "alice", "again"))
                  .get(30, TimeUnit.SECONDS)
                  .offset())
          .isEqualTo(1);
    }
  }

  private static KafkaProducer<String, String> producer(KafkaBroker broker, int deliveryMillis) {
    Map<String, Object> settings = new HashMap<>(broker.clientSettings());
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMillis);
    settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(deliveryMillis, 10_000));
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMillis);
    return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
  }

  private static List<ConsumerRecord<String, String>> readAll(
      KafkaBroker broker, String topic, String group, int expected) {
    Map<String, Object> settings = new HashMap<>(broker.clientSettings());
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 60_000;
      while (records.size() < expected && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return records;
  }
}
