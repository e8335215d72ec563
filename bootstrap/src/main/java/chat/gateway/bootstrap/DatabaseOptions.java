package chat.gateway.bootstrap;

import chat.gateway.adapters.persistence.PostgresSettings;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where PostgreSQL is; without a URL the gateway keeps messages in memory. */
final class DatabaseOptions {

  @Option(
      names = "--db-url",
      description =
          "PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/chat; selects PostgreSQL"
              + " (env GATEWAY_DB_URL).")
  String url;

  @Option(names = "--db-user", description = "PostgreSQL user (env GATEWAY_DB_USER).")
  String user;

  @Option(names = "--db-password", description = "PostgreSQL password (env GATEWAY_DB_PASSWORD).")
  String password;

  @Option(
      names = "--db-pool-size",
      description = "Connections to PostgreSQL (env GATEWAY_DB_POOL_SIZE).")
  int poolSize;

  @Option(
      names = "--db-connect-timeout",
      converter = DurationConverter.class,
      description =
          "Longest wait for a PostgreSQL connection, at start and per call"
              + " (env GATEWAY_DB_CONNECT_TIMEOUT).")
  Duration connectTimeout;

  @Option(
      names = "--db-migrate",
      arity = "1",
      description =
          "Apply the schema migrations at start; false refuses a schema that lacks them"
              + " (env GATEWAY_DB_MIGRATE).")
  boolean migrate;

  @Option(
      names = "--db-writers",
      description =
          "Group-commit writers, each holding a connection while it writes; at most the pool size"
              + " (env GATEWAY_DB_WRITERS).")
  int writers;

  @Option(
      names = "--db-max-batch",
      description = "Messages in one group commit, at most (env GATEWAY_DB_MAX_BATCH).")
  int maxBatch;

  @Option(
      names = "--db-max-waiting",
      description =
          "Messages waiting for a group commit; more wait for room up to the connect timeout,"
              + " then fail with WS_INTERNAL_ERROR (env GATEWAY_DB_MAX_WAITING).")
  int maxWaiting;

  @Option(
      names = "--db-user-cache-ttl",
      converter = DurationConverter.class,
      description =
          "How long a user found in the users table is taken to exist without asking again; a"
              + " removed user is refused within it, 0s asks every time"
              + " (env GATEWAY_DB_USER_CACHE_TTL).")
  Duration userCacheTtl;

  /** PostgreSQL's settings, or empty when no URL is set (the in-memory store). */
  Optional<PostgresSettings> toSettings() {
    return AuthOptions.present(url)
        .map(
            value ->
                new PostgresSettings(
                    value,
                    user,
                    password == null ? "" : password,
                    poolSize,
                    migrate,
                    connectTimeout,
                    new PostgresSettings.GroupCommit(writers, maxBatch, maxWaiting),
                    userCacheTtl));
  }
}
