package chat.gateway.testsupport.redis;

import chat.gateway.testsupport.engine.ContainerBackend;
import io.lettuce.core.RedisURI;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** Redis in a Testcontainers container, restartable (empty) on the same port. */
final class ContainerRedis extends ContainerBackend<GenericContainer<?>> implements RedisBackend {

  static final String IMAGE = "redis:7-alpine";
  private static final int REDIS_PORT = 6379;

  ContainerRedis() {
    super(
        IMAGE,
        new GenericContainer<>(DockerImageName.parse(IMAGE))
            .withExposedPorts(REDIS_PORT)
            .withCommand(
                "redis-server",
                "--save",
                "",
                "--appendonly",
                "no",
                "--databases",
                Integer.toString(RedisServer.OWNED_DATABASES)),
        REDIS_PORT);
    awaitReady();
  }

  @Override
  protected void awaitReady() {
    RedisProbe.await(redisUri(), () -> true, this::description);
  }

  @Override
  public RedisURI redisUri() {
    return RedisURI.create(host(), port());
  }

  @Override
  public int databases() {
    return RedisServer.OWNED_DATABASES;
  }
}
