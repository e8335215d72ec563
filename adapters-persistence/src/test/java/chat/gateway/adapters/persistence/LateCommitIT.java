package chat.gateway.adapters.persistence;

import static chat.gateway.testsupport.Messages.aMessage;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.NewMessage;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ids come from a sequence in call order, not commit order. These tests make a message with the
 * lower id commit last, with a reader paging by id in between, the way sync and the login push
 * page: the store's write locks must make the later writer draw its id after the first commits, so
 * that the reader never pages past a message that is not visible yet.
 *
 * <p>The first write runs the store's own statement ({@link PostgresMessageStore#insert}) in a
 * transaction on a connection of the test, held open while the second write goes through the store.
 * Without the per-user locks the second write commits a higher id at once, the reader moves its
 * cursor past it, and the first message, committed afterwards, is never seen: these tests fail.
 */
class LateCommitIT {

  private static PostgresSettings settings;
  private static PostgresDatabase database;
  private static ExecutorService writer;

  @BeforeAll
  static void open() {
    settings = TestDatabases.settings();
    database = PostgresDatabase.open(settings);
    writer = Executors.newSingleThreadExecutor();
  }

  @AfterAll
  static void close() {
    writer.shutdownNow();
    database.close();
  }

  @Test
  void aRecipientsSyncAndLoginPushSeeAMessageThatCommitsAfterAHigherOne() throws Exception {
    UserId bob = randomUser();

    Outcome outcome =
        commitOutOfOrder(
            bob,
            aMessage().from(randomUser()).to(bob).text("early id, late commit").build(),
            aMessage().from(randomUser()).to(bob).text("late id").build());

    assertThat(outcome.lateId()).isGreaterThan(outcome.earlyId());
    assertThat(outcome.synced()).containsExactly(outcome.earlyId(), outcome.lateId());
    assertThat(outcome.pushed()).containsExactly(outcome.earlyId(), outcome.lateId());
  }

  @Test
  void aSendersSyncSeesItsMessageThatCommitsAfterAHigherOne() throws Exception {
    UserId alice = randomUser();

    Outcome outcome =
        commitOutOfOrder(
            alice,
            aMessage().from(alice).to(randomUser()).text("early id, late commit").build(),
            aMessage().from(alice).to(randomUser()).text("late id").build());

    assertThat(outcome.lateId()).isGreaterThan(outcome.earlyId());
    assertThat(outcome.synced()).containsExactly(outcome.earlyId(), outcome.lateId());
  }

  @Test
  void aRecipientsSyncSeesABatchThatCommitsAfterAHigherId() throws Exception {
    UserId bob = randomUser();
    List<NewMessage> batch =
        List.of(
            aMessage().from(randomUser()).to(randomUser()).text("someone else's").build(),
            aMessage().from(randomUser()).to(bob).text("early id, late commit").build(),
            aMessage().from(bob).to(randomUser()).text("bob's own, late commit").build());
    NewMessage late = aMessage().from(randomUser()).to(bob).text("late id").build();

    MessageStore store = database.messageStore();
    Reader sync = new Reader(store, bob);
    List<Long> earlyIds;
    CompletableFuture<Message> second;
    try (Connection held = connect()) {
      held.setAutoCommit(false);
      earlyIds =
          PostgresMessageStore.insert(held, batch).stream().map(Optional::orElseThrow).toList();
      second = CompletableFuture.supplyAsync(() -> store.store(late).message(), writer);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> second.isDone() || waitingForAdvisoryLock());
      sync.catchUp();
      held.commit();
    }
    long lateId = second.get(30, TimeUnit.SECONDS).id().value();
    sync.catchUp();

    assertThat(lateId).isGreaterThan(Math.max(earlyIds.get(1), earlyIds.get(2)));
    assertThat(sync.synced)
        .containsExactly(
            Math.min(earlyIds.get(1), earlyIds.get(2)),
            Math.max(earlyIds.get(1), earlyIds.get(2)),
            lateId);
    assertThat(sync.pushed).containsExactly(earlyIds.get(1), lateId);
  }

  /** The ids of both messages, what a syncing reader saw, and what the login push offered. */
  private record Outcome(long earlyId, long lateId, List<Long> synced, List<Long> pushed) {}

  private Outcome commitOutOfOrder(UserId reader, NewMessage early, NewMessage late)
      throws Exception {
    MessageStore store = database.messageStore();
    Reader sync = new Reader(store, reader);
    try (Connection held = connect()) {
      held.setAutoCommit(false);
      long earlyId = PostgresMessageStore.insert(held, early).orElseThrow();

      CompletableFuture<Message> second =
          CompletableFuture.supplyAsync(() -> store.store(late).message(), writer);
      // The second write either went through or waits for the first one's lock.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> second.isDone() || waitingForAdvisoryLock());

      sync.catchUp();
      held.commit();
      long lateId = second.get(30, TimeUnit.SECONDS).id().value();
      sync.catchUp();
      return new Outcome(earlyId, lateId, sync.synced, sync.pushed);
    }
  }

  /** Pages through history and the undelivered set by id, as sync and the login push do. */
  private static final class Reader {
    private final MessageStore store;
    private final UserId user;
    private final List<Long> synced = new ArrayList<>();
    private final List<Long> pushed = new ArrayList<>();
    private SyncCursor cursor = new SyncCursor.Beginning();
    private Optional<MessageId> pushedUpTo = Optional.empty();

    Reader(MessageStore store, UserId user) {
      this.store = store;
      this.user = user;
    }

    void catchUp() {
      HistoryPage page;
      do {
        page = store.history(user, cursor, 1);
        for (Message message : page.messages()) {
          synced.add(message.id().value());
          cursor = new SyncCursor.AfterId(message.id());
        }
      } while (page.hasMore());
      List<Message> undelivered;
      do {
        undelivered = store.undelivered(user, pushedUpTo, 1);
        for (Message message : undelivered) {
          pushed.add(message.id().value());
          pushedUpTo = Optional.of(message.id());
        }
      } while (!undelivered.isEmpty());
    }
  }

  private static boolean waitingForAdvisoryLock() throws SQLException {
    try (Connection connection = PostgresServer.shared().adminConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
      result.next();
      return result.getLong(1) > 0;
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
  }
}
