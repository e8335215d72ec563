package chat.gateway.adapters.persistence;

import static chat.gateway.testsupport.Messages.aMessage;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.MessageStoreUnavailableException;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.postgres.PostgresSchema;
import chat.gateway.testsupport.postgres.PostgresServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Opening, migrating, the readiness check, an outage, and the users admin API. */
class PostgresDatabaseIT {

  private final PostgresServer server = PostgresServer.shared();

  @Test
  void aRefusedRowIsNotQuotedInTheErrorSoMessageContentStaysOutOfTheLog() throws Exception {
    try (PostgresDatabase database = TestDatabases.open();
        java.sql.Connection connection = database.pool().getConnection();
        java.sql.PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO messages (id, sender, recipient, content_type, content, created_at,"
                    + " status) VALUES (?, 1, 2, 'text', ?, now(), 9)")) {
      insert.setLong(1, Long.MAX_VALUE - System.nanoTime() % 1_000_000);
      insert.setBytes(2, "a-secret-love-letter".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThatThrownBy(insert::executeUpdate)
          .isInstanceOf(java.sql.SQLException.class)
          .hasMessageContaining("messages_status_known")
          .hasMessageNotContaining("Failing row")
          .satisfies(
              e ->
                  assertThat(String.valueOf(e) + e.getCause())
                      .doesNotContain("a-secret-love-letter")
                      .doesNotContain("\\x612d"));
    }
  }

  @Test
  void anUnreachableDatabaseFailsTheOpenWithAClearMessage() throws IOException {
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/gateway";

    assertThatThrownBy(() -> PostgresDatabase.open(new PostgresSettings(url, "u", "p", 2, true)))
        .isInstanceOf(PostgresUnavailableException.class)
        .hasMessageStartingWith("PostgreSQL at " + url + " is unreachable: ")
        .hasMessageContaining("refused");
  }

  @Test
  void migratesAnEmptySchemaOnceAndReopensWithoutMigrating() {
    PostgresSettings settings = TestDatabases.settings();
    Message stored;
    try (PostgresDatabase database = PostgresDatabase.open(settings)) {
      stored = database.messageStore().store(aMessage().build()).message();
    }
    PostgresSettings withoutMigrations =
        new PostgresSettings(
            settings.url(), settings.user(), settings.password(), settings.poolSize(), false);

    try (PostgresDatabase again = PostgresDatabase.open(withoutMigrations)) {
      assertThat(again.messageStore().find(stored.id())).contains(stored);
    }
    try (PostgresDatabase migratedAgain = PostgresDatabase.open(settings)) {
      assertThat(migratedAgain.messageStore().find(stored.id())).contains(stored);
    }
  }

  @Test
  void withMigrationsDisabledAnUnmigratedSchemaIsRefused() {
    PostgresSchema schema = server.newSchema();
    PostgresSettings settings =
        new PostgresSettings(schema.url(), schema.user(), schema.password(), 2, false);

    assertThatThrownBy(() -> PostgresDatabase.open(settings))
        .isInstanceOf(PostgresUnavailableException.class)
        .hasMessageContaining("lacks 1 migration(s)")
        .hasMessageContaining("V1__users_and_messages.sql")
        .hasMessageContaining("migrations are disabled");
  }

  @Test
  void badSettingsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> new PostgresSettings("postgres://x", "u", "p", 2, true))
        .hasMessageContaining("jdbc:postgresql:");
    assertThatThrownBy(() -> new PostgresSettings("jdbc:postgresql://x/y", "u", "p", 0, true))
        .hasMessageContaining("pool size");
    assertThatThrownBy(
            () ->
                new PostgresSettings(
                    "jdbc:postgresql://x/y", "u", "p", 2, true, Duration.ofMillis(10)))
        .hasMessageContaining("connection timeout");
  }

  @Test
  void anOutageFailsCallsAndReadinessAndEverythingStoredIsThereAfterwards() {
    assumeTrue(server.canRestart(), "an existing server is never stopped by the tests");
    try (PostgresDatabase database = TestDatabases.open()) {
      MessageStore store = database.messageStore();
      UserId bob = randomUser();
      Message before = store.store(aMessage().to(bob).text("before").build()).message();
      assertThat(database.reachable()).isTrue();

      server.stop();
      try {
        assertThat(database.reachable()).isFalse();
        assertThatThrownBy(() -> store.store(aMessage().to(bob).text("during").build()))
            .isInstanceOf(MessageStoreUnavailableException.class)
            .hasMessageStartingWith("storing a message failed: ");
        assertThatThrownBy(() -> database.userDirectory().exists(bob))
            .isInstanceOf(MessageStoreUnavailableException.class);
      } finally {
        server.start();
      }

      assertThat(database.reachable()).isTrue();
      // The pool replaces its dead connections by itself.
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptionsInstanceOf(MessageStoreUnavailableException.class)
          .until(() -> store.store(aMessage().to(bob).text("after").build()) != null);
      assertThat(store.history(bob, new SyncCursor.Beginning(), 10).messages())
          .extracting(Message::content)
          .containsExactly("before", "after");
      assertThat(store.find(before.id())).contains(before);
    }
  }

  @Test
  void usersAreAddedManyAtATimeListedInPagesAndRemoved() {
    // With the user cache off a removal acts at once (PostgresUserDirectoryCacheIT: with it on).
    try (PostgresDatabase database =
        PostgresDatabase.open(TestDatabases.settings().withUserCacheTtl(Duration.ZERO))) {
      PostgresUserAdmin users = database.users();

      assertThat(users.add(ids(5, 1, 3, 3))).isEqualTo(3);
      assertThat(users.add(ids(1, 2))).isEqualTo(1);
      assertThat(users.addRange(UserId.of(4), UserId.of(8))).isEqualTo(4);
      assertThat(users.count()).isEqualTo(8);
      assertThat(users.list(Optional.empty(), 3)).isEqualTo(ids(1, 2, 3));
      assertThat(users.list(Optional.of(UserId.of(3)), 3)).isEqualTo(ids(4, 5, 6));
      assertThat(users.list(Optional.of(UserId.of(6)), 3)).isEqualTo(ids(7, 8));
      assertThat(database.userDirectory().exists(UserId.of(8))).isTrue();

      assertThat(users.remove(ids(2, 8, 9))).isEqualTo(2);
      assertThat(database.userDirectory().exists(UserId.of(8))).isFalse();
      assertThat(users.list(Optional.empty(), 100)).isEqualTo(ids(1, 3, 4, 5, 6, 7));
      assertThatThrownBy(() -> users.addRange(UserId.of(5), UserId.of(4)))
          .hasMessageContaining("ends before it starts");
    }
  }

  @Test
  void addsMoreUsersThanOneStatementCarries() {
    try (PostgresDatabase database = TestDatabases.open()) {
      List<UserId> many =
          LongStream.rangeClosed(1, PostgresUserAdmin.CHUNK * 2L + 7).mapToObj(UserId::of).toList();

      assertThat(database.users().add(many)).isEqualTo(many.size());
      assertThat(database.users().count()).isEqualTo(many.size());
      assertThat(database.users().remove(many)).isEqualTo(many.size());
    }
  }

  private static List<UserId> ids(long... values) {
    return LongStream.of(values).mapToObj(UserId::of).toList();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
