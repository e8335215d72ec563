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
 * @param connectionTimeout how long a store call waits for a connection (and a message for room in
 *     the group commit queue), and how long {@link PostgresDatabase#reachable()} waits, before
 *     reporting the database unreachable
 * @param groupCommit how concurrent stores share round trips and commits
 * @param userCacheTtl how long a user found in the {@code users} table is taken to exist without
 *     asking again ({@link PostgresUserDirectory}); zero asks every time. Only found users are
 *     kept, so a user added is known at once and a user removed is refused within this time
 */
public record PostgresSettings(
    String url,
    String user,
    String password,
    int poolSize,
    boolean migrate,
    Duration connectionTimeout,
    GroupCommit groupCommit,
    Duration userCacheTtl) {

  /** The default {@link #poolSize}. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /** The default {@link #connectionTimeout}. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);

  /** The default {@link #userCacheTtl}. */
  public static final Duration DEFAULT_USER_CACHE_TTL = Duration.ofSeconds(5);

  /** The shortest {@link #connectionTimeout} (HikariCP refuses less). */
  public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

  public PostgresSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    Objects.requireNonNull(groupCommit, "groupCommit");
    Objects.requireNonNull(userCacheTtl, "userCacheTtl");
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
    if (userCacheTtl.isNegative()) {
      throw new IllegalArgumentException(
          "the user cache ttl must not be negative, got " + userCacheTtl.toMillis() + " ms");
    }
    if (groupCommit.writers() > poolSize) {
      throw new IllegalArgumentException(
          "the group commit writers ("
              + groupCommit.writers()
              + ") must not outnumber the pool's connections ("
              + poolSize
              + ")");
    }
  }

  /** Settings with the default user cache ttl. */
  public PostgresSettings(
      String url,
      String user,
      String password,
      int poolSize,
      boolean migrate,
      Duration connectionTimeout,
      GroupCommit groupCommit) {
    this(
        url,
        user,
        password,
        poolSize,
        migrate,
        connectionTimeout,
        groupCommit,
        DEFAULT_USER_CACHE_TTL);
  }

  /** Settings with the default group commit for {@code poolSize}. */
  public PostgresSettings(
      String url,
      String user,
      String password,
      int poolSize,
      boolean migrate,
      Duration connectionTimeout) {
    this(
        url,
        user,
        password,
        poolSize,
        migrate,
        connectionTimeout,
        GroupCommit.defaultsFor(poolSize));
  }

  /** Settings with the default connection timeout and group commit. */
  public PostgresSettings(String url, String user, String password, int poolSize, boolean migrate) {
    this(url, user, password, poolSize, migrate, DEFAULT_CONNECTION_TIMEOUT);
  }

  /** These settings with another group commit. */
  public PostgresSettings withGroupCommit(GroupCommit other) {
    return new PostgresSettings(
        url, user, password, poolSize, migrate, connectionTimeout, other, userCacheTtl);
  }

  /** These settings with another user cache ttl. */
  public PostgresSettings withUserCacheTtl(Duration ttl) {
    return new PostgresSettings(
        url, user, password, poolSize, migrate, connectionTimeout, groupCommit, ttl);
  }

  /**
   * Group commit: concurrent {@code store} calls are written together, one statement and one commit
   * per batch (see {@code PostgresMessageStore}).
   *
   * @param writers how many batches may be in flight at once; each holds one pooled connection
   *     while it writes
   * @param maxBatch the most messages in one batch (one statement, one commit)
   * @param maxWaiting the most messages waiting for a writer; when that many wait, a caller waits
   *     for room (at most the connection timeout, then the store reports itself unavailable)
   */
  public record GroupCommit(int writers, int maxBatch, int maxWaiting) {

    /** The default {@link #writers} (fewer when the pool is smaller). */
    public static final int DEFAULT_WRITERS = 2;

    /** The default {@link #maxBatch}. */
    public static final int DEFAULT_MAX_BATCH = 256;

    /** The default {@link #maxWaiting}. */
    public static final int DEFAULT_MAX_WAITING = 4096;

    /** The largest {@link #maxBatch}: 10,000 messages of 64 KiB are already 640 MiB. */
    public static final int MAX_BATCH_LIMIT = 10_000;

    public GroupCommit {
      if (writers < 1) {
        throw new IllegalArgumentException(
            "the group commit needs at least 1 writer, got " + writers);
      }
      if (maxBatch < 1 || maxBatch > MAX_BATCH_LIMIT) {
        throw new IllegalArgumentException(
            "the group commit batch must hold 1 to "
                + MAX_BATCH_LIMIT
                + " messages, got "
                + maxBatch);
      }
      if (maxWaiting < 1) {
        throw new IllegalArgumentException(
            "the group commit queue must hold at least 1 message, got " + maxWaiting);
      }
    }

    /** The defaults, with no more writers than {@code poolSize} connections. */
    public static GroupCommit defaultsFor(int poolSize) {
      return new GroupCommit(
          Math.max(1, Math.min(DEFAULT_WRITERS, poolSize)), DEFAULT_MAX_BATCH, DEFAULT_MAX_WAITING);
    }
  }
}
