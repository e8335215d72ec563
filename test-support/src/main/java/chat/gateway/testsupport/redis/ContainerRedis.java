package chat.gateway.testsupport.redis;

import chat.gateway.testsupport.engine.EngineSource;
import chat.gateway.testsupport.engine.FreePort;
import io.lettuce.core.RedisURI;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in a Testcontainers container. Its host port is fixed when the container is created, so
 * that stopping and starting the same container keeps the port, as outage tests need.
 */
final class ContainerRedis implements RedisBackend {

  static final String IMAGE = "redis:7-alpine";
  private static final int REDIS_PORT = 6379;

  private final GenericContainer<?> container;
  private final int port;
  private volatile boolean running;

  ContainerRedis() {
    port = FreePort.find();
    container =
        new GenericContainer<>(DockerImageName.parse(IMAGE))
            .withExposedPorts(REDIS_PORT)
            .withCommand(
                "redis-server",
                "--save",
                "",
                "--appendonly",
                "no",
                "--databases",
                Integer.toString(RedisServer.OWNED_DATABASES));
    container.setPortBindings(List.of(port + ":" + REDIS_PORT));
    container.start();
    RedisProbe.await(redisUri(), () -> true, this::description);
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
        + container.getHost()
        + ":"
        + port;
  }

  @Override
  public RedisURI redisUri() {
    return RedisURI.create(container.getHost(), port);
  }

  @Override
  public int databases() {
    return RedisServer.OWNED_DATABASES;
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
      RedisProbe.await(redisUri(), () -> true, this::description);
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
