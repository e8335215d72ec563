package chat.gateway.adapters.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach PostgreSQL.
 *
 * @param url a JDBC URL, {@code jdbc:postgresql://host:port/database}
 * @param user the role to connect as
 * @param password its password (may be empty)
 * @param poolSize the most connections the gateway holds open
 * @param migrate whether {@link PostgresDatabase#open} applies pending Flyway migrations; when
 *     false it refuses a database whose schema is behind instead
 * @param connectionTimeout how long a store call waits for a connection, and how long {@link
 *     PostgresDatabase#reachable()} waits, before reporting the database unreachable
 */
public record PostgresSettings(
    String url,
    String user,
    String password,
    int poolSize,
    boolean migrate,
    Duration connectionTimeout) {

  /** The default {@link #poolSize}. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /** The default {@link #connectionTimeout}. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);

  /** The shortest {@link #connectionTimeout} (HikariCP refuses less). */
  public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

  public PostgresSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "the database URL must start with jdbc:postgresql:, got '" + url + "'");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("the pool size must be at least 1, got " + poolSize);
    }
    if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "the connection timeout must be at least "
              + MIN_CONNECTION_TIMEOUT.toMillis()
              + " ms, got "
              + connectionTimeout.toMillis()
              + " ms");
    }
  }

  /** Settings with the default connection timeout. */
  public PostgresSettings(String url, String user, String password, int poolSize, boolean migrate) {
    this(url, user, password, poolSize, migrate, DEFAULT_CONNECTION_TIMEOUT);
  }
}
