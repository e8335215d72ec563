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
                    connectTimeout));
  }
}
