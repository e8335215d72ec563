package chat.gateway.adapters.persistence;

import chat.gateway.application.port.out.MessageStore;
import chat.gateway.testsupport.MessageStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The message store contract on the real PostgreSQL of the test fixture. */
class PostgresMessageStoreIT extends MessageStoreContract {

  private static PostgresDatabase database;

  @BeforeAll
  static void open() {
    database = TestDatabases.open();
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Override
  protected MessageStore newStore() {
    return database.messageStore();
  }
}
