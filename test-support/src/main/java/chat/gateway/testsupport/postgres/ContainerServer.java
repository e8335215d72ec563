package chat.gateway.testsupport.postgres;

import chat.gateway.testsupport.engine.EngineSource;
import chat.gateway.testsupport.engine.FreePort;
import java.util.List;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL in a Testcontainers container. Its host port is fixed when the container is created,
 * so that stopping and starting the same container (same data) keeps the port, as outage tests
 * need.
 */
final class ContainerServer implements PostgresBackend {

  static final String IMAGE = "postgres:16-alpine";

  private final PostgreSQLContainer container;
  private final int port;
  private volatile boolean running;

  ContainerServer() {
    port = FreePort.find();
    container =
        new PostgreSQLContainer(IMAGE)
            .withDatabaseName("gateway_test")
            .withUsername("gateway")
            .withPassword("gateway")
            .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=300");
    container.setPortBindings(List.of(port + ":5432"));
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
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host() + ":" + port + "/" + container.getDatabaseName();
  }

  @Override
  public String user() {
    return container.getUsername();
  }

  @Override
  public String password() {
    return container.getPassword();
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
      Readiness.await(jdbcUrl(), user(), password());
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
