package chat.gateway.adapters.persistence;

import chat.gateway.testsupport.postgres.PostgresSchema;
import chat.gateway.testsupport.postgres.PostgresServer;

/** Opens a {@link PostgresDatabase} on a fresh schema of the shared test server. */
final class TestDatabases {

  private TestDatabases() {}

  static PostgresSettings settings() {
    PostgresSchema schema = PostgresServer.shared().newSchema();
    return new PostgresSettings(schema.url(), schema.user(), schema.password(), 8, true);
  }

  static PostgresDatabase open() {
    return PostgresDatabase.open(settings());
  }
}
