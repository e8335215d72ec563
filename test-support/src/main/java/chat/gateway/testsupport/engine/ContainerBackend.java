package chat.gateway.testsupport.engine;

import java.util.List;
import org.testcontainers.containers.GenericContainer;

/**
 * An engine in a Testcontainers container. Its host port is fixed when the container is created, so
 * that stopping and starting the same container (same data) keeps the port, as outage tests need.
 */
public abstract class ContainerBackend<C extends GenericContainer<?>> implements EngineBackend {

  private final String image;
  private final C container;
  private final int port;
  private volatile boolean running;

  /** Binds {@code containerPort} to a free host port and starts {@code container}. */
  protected ContainerBackend(String image, C container, int containerPort) {
    this.image = image;
    this.container = container;
    this.port = FreePort.find();
    container.setPortBindings(List.of(port + ":" + containerPort));
    container.start();
    running = true;
  }

  /** Returns once the engine in the container answers again after {@link #start()}. */
  protected abstract void awaitReady();

  protected final C container() {
    return container;
  }

  @Override
  public EngineSource source() {
    return EngineSource.CONTAINER;
  }

  @Override
  public String description() {
    return "a Testcontainers container "
        + image
        + " ("
        + container.getContainerId()
        + ") on "
        + host()
        + ":"
        + port;
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
      awaitReady();
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
