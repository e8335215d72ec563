package chat.gateway.testsupport.postgres;

import java.util.Objects;

/**
 * An empty schema of its own on the shared test server, and how to reach it: the JDBC URL makes it
 * the connection's current schema, so unqualified names (and Flyway's history table) live in it.
 *
 * @param url a JDBC URL with {@code currentSchema} set to {@code schema}
 * @param user a role that owns the schema
 * @param password that role's password (may be empty)
 * @param schema the schema's name
 */
public record PostgresSchema(String url, String user, String password, String schema) {
  public PostgresSchema {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(schema, "schema");
  }
}
