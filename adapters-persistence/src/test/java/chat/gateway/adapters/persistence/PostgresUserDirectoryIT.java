package chat.gateway.adapters.persistence;

import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.UserDirectoryContract;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The user directory contract on the real PostgreSQL of the test fixture. */
class PostgresUserDirectoryIT extends UserDirectoryContract {

  private static final Set<UserId> KNOWN =
      Set.of(UserId.of(1), UserId.of(2), UserId.of(1_000), UserId.of(Long.MAX_VALUE));
  private static final Set<UserId> UNKNOWN =
      Set.of(UserId.of(3), UserId.of(999), UserId.of(1_001), UserId.of(Long.MAX_VALUE - 1));

  private static PostgresDatabase database;

  @BeforeAll
  static void open() {
    database = TestDatabases.open();
    database.users().add(KNOWN);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Override
  protected UserDirectory newDirectory() {
    return database.userDirectory();
  }

  @Override
  protected Set<UserId> knownUsers() {
    return KNOWN;
  }

  @Override
  protected Set<UserId> unknownUsers() {
    return UNKNOWN;
  }
}
