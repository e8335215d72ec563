package chat.gateway.testsupport.kafka;

import chat.gateway.testsupport.engine.EngineSource;
import chat.gateway.testsupport.engine.FreePort;
import java.util.List;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka (KRaft, one combined node) in a Testcontainers container. Its host port is fixed when the
 * container is created, so that stopping and starting the same container (same log directory, in
 * the container's file system) keeps the port and the advertised listener, as outage tests need.
 */
final class ContainerBroker implements KafkaBackend {

  static final String IMAGE = "apache/kafka:4.1.1";

  /** The port the image's client listener uses inside the container. */
  private static final int CONTAINER_PORT = 9092;

  private final KafkaContainer container;
  private final int port;
  private volatile boolean running;

  ContainerBroker() {
    port = FreePort.find();
    container = new KafkaContainer(IMAGE).withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    container.setPortBindings(List.of(port + ":" + CONTAINER_PORT));
    container.start();
    running = true;
  }

  @Override
  public EngineSource source() {
    return EngineSource.CONTAINER;
  }

  @Override
  public String description() {
    return "a Testcontainers container "
        + IMAGE
        + " ("
        + container.getContainerId()
        + ") on "
        + bootstrapServers();
  }

  @Override
  public String host() {
    return container.getHost();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String bootstrapServers() {
    return host() + ":" + port;
  }

  @Override
  public boolean canRestart() {
    return true;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public synchronized void stop() {
    if (running) {
      container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
      running = false;
    }
  }

  @Override
  public synchronized void start() {
    if (!running) {
      container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
      Readiness.await(bootstrapServers(), () -> null);
      running = true;
    }
  }

  @Override
  public void destroy() {
    try {
      container.stop();
    } catch (RuntimeException e) {
      // Testcontainers' reaper removes it anyway.
    }
  }
}
