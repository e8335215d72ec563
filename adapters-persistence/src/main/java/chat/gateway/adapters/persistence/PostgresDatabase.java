package chat.gateway.adapters.persistence;

import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.UserDirectory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The gateway's PostgreSQL database: a HikariCP pool, the Flyway migrations of {@code
 * db/migration}, and the adapters on jOOQ. Open it once at start ({@link #open}), close it at
 * shutdown.
 */
public final class PostgresDatabase implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PostgresDatabase.class.getName());

  static {
    // jOOQ greets with a banner and tips on first use; a server log is no place for them.
    if (System.getProperty("org.jooq.no-logo") == null) {
      System.setProperty("org.jooq.no-logo", "true");
    }
    if (System.getProperty("org.jooq.no-tips") == null) {
      System.setProperty("org.jooq.no-tips", "true");
    }
  }

  private final PostgresSettings settings;
  private final HikariDataSource pool;
  private final PostgresMessageStore messageStore;
  private final PostgresUserDirectory userDirectory;
  private final PostgresUserAdmin users;

  private PostgresDatabase(PostgresSettings settings, HikariDataSource pool) {
    this.settings = settings;
    this.pool = pool;
    DSLContext db = DSL.using(pool, SQLDialect.POSTGRES);
    this.messageStore =
        new PostgresMessageStore(db, settings.groupCommit(), settings.connectionTimeout());
    this.userDirectory = new PostgresUserDirectory(db, settings.userCacheTtl());
    this.users = new PostgresUserAdmin(db);
  }

  /**
   * Connects, and applies pending migrations unless {@link PostgresSettings#migrate()} is false.
   *
   * @throws PostgresUnavailableException when the database cannot be reached or refuses the
   *     credentials, when a migration fails, or when migrations are disabled and the schema is
   *     behind; its message says which, and where
   */
  public static PostgresDatabase open(PostgresSettings settings) {
    HikariDataSource pool = pool(settings);
    try {
      migrate(settings, pool);
      return new PostgresDatabase(settings, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static HikariDataSource pool(PostgresSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("gateway-postgres");
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setValidationTimeout(settings.connectionTimeout().toMillis());
    // Fail at start, not at the first message, when the database cannot be reached: one attempt
    // (bounded by the connect timeout), no retries; a supervisor restarts the gateway.
    config.setInitializationFailTimeout(1);
    config.addDataSourceProperty("connectTimeout", timeoutSeconds(settings));
    config.addDataSourceProperty("ApplicationName", "chat-gateway");
    // The server's detail of an error ("Failing row contains (...)") would carry message content
    // into exception messages, and from there into the log.
    config.addDataSourceProperty("logServerErrorDetail", "false");
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new PostgresUnavailableException(
          "PostgreSQL at " + settings.url() + " is unreachable: " + Failures.describe(e), e);
    }
  }

  private static void migrate(PostgresSettings settings, HikariDataSource pool) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(pool)
            .locations("classpath:db/migration")
            .validateMigrationNaming(true)
            .load();
    try {
      if (settings.migrate()) {
        int applied = flyway.migrate().migrationsExecuted;
        LOG.log(
            Level.INFO,
            applied == 0
                ? "PostgreSQL schema is up to date"
                : "PostgreSQL schema migrated: " + applied + " migration(s) applied");
      } else {
        MigrationInfo[] pending = flyway.info().pending();
        if (pending.length > 0) {
          throw new PostgresUnavailableException(
              "the PostgreSQL schema at "
                  + settings.url()
                  + " lacks "
                  + pending.length
                  + " migration(s) (first: "
                  + pending[0].getScript()
                  + ") and migrations are disabled",
              null);
        }
      }
    } catch (FlywayException e) {
      throw new PostgresUnavailableException(
          "migrating the PostgreSQL schema at " + settings.url() + " failed: " + e.getMessage(), e);
    }
  }

  /** The message store on this database. */
  public MessageStore messageStore() {
    return messageStore;
  }

  /** The user directory on this database. */
  public UserDirectory userDirectory() {
    return userDirectory;
  }

  /** The connection pool, for tests of what its connections say. */
  javax.sql.DataSource pool() {
    return pool;
  }

  /** Adds, removes and lists the users of the user directory. */
  public PostgresUserAdmin users() {
    return users;
  }

  /**
   * True when the database answers a trivial query now, within the connection timeout. Opens a
   * connection of its own, outside the pool, so a pool busy with work does not make it look down
   * and a check never waits for a pooled connection.
   */
  public boolean reachable() {
    Properties properties = new Properties();
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    properties.setProperty("connectTimeout", timeoutSeconds(settings));
    properties.setProperty("socketTimeout", timeoutSeconds(settings));
    properties.setProperty("ApplicationName", "chat-gateway-probe");
    try (Connection connection = DriverManager.getConnection(settings.url(), properties)) {
      return connection.isValid((int) Math.max(1, settings.connectionTimeout().toSeconds()));
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Stops the message store's group commit writers (they finish the batch in hand, at most the
   * connection timeout; calls still waiting fail), then closes the pool.
   */
  @Override
  public void close() {
    try {
      messageStore.close(settings.connectionTimeout());
    } finally {
      pool.close();
    }
  }

  private static String timeoutSeconds(PostgresSettings settings) {
    return Long.toString(Math.max(1, (settings.connectionTimeout().toMillis() + 999) / 1000));
  }
}
