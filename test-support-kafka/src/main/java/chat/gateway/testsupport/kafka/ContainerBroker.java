package chat.gateway.testsupport.kafka;

import chat.gateway.testsupport.engine.ContainerBackend;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka (KRaft, one combined node) in a Testcontainers container, restartable on the same port with
 * the same log directory (in the container's file system) and advertised listener.
 */
final class ContainerBroker extends ContainerBackend<KafkaContainer> implements KafkaBackend {

  static final String IMAGE = "apache/kafka:4.1.1";

  /** The port the image's client listener uses inside the container. */
  private static final int CONTAINER_PORT = 9092;

  ContainerBroker() {
    super(
        IMAGE,
        new KafkaContainer(IMAGE).withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false"),
        CONTAINER_PORT);
  }

  @Override
  protected void awaitReady() {
    Readiness.await(bootstrapServers(), () -> null);
  }

  @Override
  public String bootstrapServers() {
    return host() + ":" + port();
  }
}
