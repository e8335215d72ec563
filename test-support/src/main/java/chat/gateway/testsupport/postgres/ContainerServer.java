package chat.gateway.testsupport.postgres;

import chat.gateway.testsupport.engine.ContainerBackend;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a Testcontainers container, restartable on the same port with the same data. */
final class ContainerServer extends ContainerBackend<PostgreSQLContainer>
    implements PostgresBackend {

  static final String IMAGE = "postgres:16-alpine";

  ContainerServer() {
    super(
        IMAGE,
        new PostgreSQLContainer(IMAGE)
            .withDatabaseName("gateway_test")
            .withUsername("gateway")
            .withPassword("gateway")
            .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=300"),
        5432);
  }

  @Override
  protected void awaitReady() {
    Readiness.await(jdbcUrl(), user(), password());
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + container().getDatabaseName();
  }

  @Override
  public String user() {
    return container().getUsername();
  }

  @Override
  public String password() {
    return container().getPassword();
  }
}
