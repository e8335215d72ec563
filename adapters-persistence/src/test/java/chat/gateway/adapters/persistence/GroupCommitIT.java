package chat.gateway.adapters.persistence;

import static chat.gateway.testsupport.Messages.aMessage;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.MessageStoreUnavailableException;
import chat.gateway.application.port.out.NewMessage;
import chat.gateway.application.port.out.StoreResult;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.Concurrently;
import chat.gateway.testsupport.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit on the real database: calls waiting together are written in one batch, each gets its
 * own committed row, duplicates inside a batch and across batches store one message, a failing
 * batch fails its callers (or only the offending one), and per user ids stay in commit order.
 *
 * <p>To make a batch on purpose, a test holds a session advisory lock on a user (the store's locks
 * share their key space), stores a message to that user so that the only writer blocks in the
 * middle of its batch, queues the calls it wants batched (checking the queue), and then lets go.
 */
class GroupCommitIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
  private PostgresSettings settings;
  private PostgresDatabase database;
  private PostgresMessageStore store;
  private Connection holder;

  private void open(PostgresSettings.GroupCommit groupCommit) throws SQLException {
    settings = TestDatabases.settings().withGroupCommit(groupCommit);
    database = PostgresDatabase.open(settings);
    store = (PostgresMessageStore) database.messageStore();
    holder = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
  }

  @AfterEach
  void close() throws SQLException {
    callers.shutdownNow();
    if (holder != null) {
      holder.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void manyConcurrentCallersShareAFewBatchesAndEachGetsItsOwnCommittedRow() throws Exception {
    open(new PostgresSettings.GroupCommit(1, 256, 1_000));
    UserId blocker = randomUser();
    Future<StoreResult> first = holdTheWriter(blocker);
    long batchesBefore = store.groupCommit().batches();
    // A few users shared by many messages, as in a real load.
    List<UserId> users = IntStream.range(0, 40).mapToObj(i -> randomUser()).toList();
    List<NewMessage> messages =
        IntStream.range(0, 600)
            .mapToObj(
                i ->
                    aMessage()
                        .from(users.get(i % users.size()))
                        .to(users.get((i * 7 + 1) % users.size()))
                        .text("message " + i)
                        .clientMsgId("c-" + i)
                        .build())
            .toList();
    List<Future<StoreResult>> calls = messages.stream().map(this::submit).toList();
    await().atMost(PATIENCE).until(() -> store.groupCommit().waiting() == messages.size());

    letGo(blocker);

    assertThat(first.get(30, TimeUnit.SECONDS).duplicate()).isFalse();
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < calls.size(); i++) {
      StoreResult result = calls.get(i).get(30, TimeUnit.SECONDS);
      assertThat(result.duplicate()).isFalse();
      assertThat(result.message().content()).isEqualTo("message " + i);
      assertThat(store.find(result.message().id())).contains(result.message());
      ids.add(result.message().id().value());
    }
    assertThat(ids).hasSize(messages.size());
    // The blocked batch counted when it was taken; then 600 waiting calls in batches of at most
    // 256: 256 + 256 + 88.
    assertThat(store.groupCommit().batches() - batchesBefore).isEqualTo(3);
    for (UserId user : users) {
      List<Long> history = historyIds(user);
      assertThat(history).isSorted().doesNotHaveDuplicates();
      assertThat(history)
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, messages.size())
                  .filter(
                      i -> messages.get(i).from().equals(user) || messages.get(i).to().equals(user))
                  .mapToObj(i -> result(calls.get(i)).message().id().value())
                  .toList());
    }
  }

  @Test
  void concurrentStatusUpdatesShareACommitAndEachMovesOnlyForward() throws Exception {
    open(new PostgresSettings.GroupCommit(1, 256, 1_000));
    UserId alice = randomUser();
    UserId bob = randomUser();
    List<MessageId> ids =
        IntStream.range(0, 301)
            .mapToObj(
                i -> store.store(aMessage().from(alice).to(bob).text("m" + i).build()).message())
            .map(Message::id)
            .toList();
    // A row lock on the first message holds the only writer in the middle of its batch.
    holder.setAutoCommit(false);
    try (PreparedStatement lock =
        holder.prepareStatement("SELECT id FROM messages WHERE id = ? FOR UPDATE")) {
      lock.setLong(1, ids.getFirst().value());
      lock.executeQuery().close();
    }
    long batchesBefore = store.statusCommit().batches();
    Future<Optional<Message>> first =
        callers.submit(() -> store.advance(ids.getFirst(), DeliveryStatus.DELIVERED));
    await().atMost(PATIENCE).until(() -> store.statusCommit().batches() == batchesBefore + 1);
    List<Future<Optional<Message>>> calls =
        ids.subList(1, ids.size()).stream()
            .map(id -> callers.submit(() -> store.advance(id, DeliveryStatus.READ)))
            .toList();
    await().atMost(PATIENCE).until(() -> store.statusCommit().waiting() == calls.size());

    holder.rollback();

    assertThat(first.get(30, TimeUnit.SECONDS).orElseThrow().status())
        .isEqualTo(DeliveryStatus.DELIVERED);
    for (Future<Optional<Message>> call : calls) {
      assertThat(call.get(30, TimeUnit.SECONDS).orElseThrow().status())
          .isEqualTo(DeliveryStatus.READ);
    }
    // The held batch, then 300 waiting updates in batches of at most 256: 256 + 44.
    assertThat(store.statusCommit().batches() - batchesBefore).isEqualTo(3);
    // Forward only: delivered after read moves nothing.
    assertThat(store.advance(ids.get(1), DeliveryStatus.DELIVERED)).isEmpty();
    assertThat(store.find(ids.get(1)).orElseThrow().status()).isEqualTo(DeliveryStatus.READ);
  }

  @Test
  void duplicatesInsideOneBatchStoreOneMessageWhichEveryRetryGets() throws Exception {
    open(new PostgresSettings.GroupCommit(1, 256, 100));
    UserId alice = randomUser();
    UserId bob = randomUser();
    Message storedBefore =
        store
            .store(aMessage().from(alice).to(bob).text("old").clientMsgId("old").build())
            .message();
    UserId blocker = randomUser();
    Future<StoreResult> first = holdTheWriter(blocker);
    long batchesBefore = store.groupCommit().batches();

    List<Future<StoreResult>> calls = new ArrayList<>();
    for (NewMessage message :
        List.of(
            aMessage().from(alice).to(bob).text("first").clientMsgId("k").build(),
            aMessage().from(alice).to(bob).text("second").clientMsgId("k").build(),
            aMessage().from(bob).to(alice).text("bob's k").clientMsgId("k").build(),
            aMessage().from(alice).to(bob).text("third").clientMsgId("k").build(),
            aMessage().from(alice).to(bob).text("retry of old").clientMsgId("old").build(),
            aMessage().from(alice).to(bob).text("no key").build(),
            aMessage().from(alice).to(bob).text("no key").build())) {
      calls.add(submit(message));
      int queued = calls.size();
      // One at a time, so that the queue order is known: the first with a key is the original.
      await().atMost(PATIENCE).until(() -> store.groupCommit().waiting() == queued);
    }
    letGo(blocker);
    first.get(30, TimeUnit.SECONDS);
    List<StoreResult> results = calls.stream().map(GroupCommitIT::result).toList();

    StoreResult original = results.get(0);
    assertThat(original.duplicate()).isFalse();
    assertThat(original.message().content()).isEqualTo("first");
    for (int retry : List.of(1, 3)) {
      assertThat(results.get(retry).duplicate()).isTrue();
      assertThat(results.get(retry).message()).isEqualTo(original.message());
    }
    assertThat(results.get(2).duplicate()).isFalse();
    assertThat(results.get(2).message().content()).isEqualTo("bob's k");
    assertThat(results.get(4).duplicate()).isTrue();
    assertThat(results.get(4).message()).isEqualTo(storedBefore);
    assertThat(results.get(5).duplicate()).isFalse();
    assertThat(results.get(6).duplicate()).isFalse();
    assertThat(results.get(5).message().id()).isNotEqualTo(results.get(6).message().id());
    assertThat(store.groupCommit().batches() - batchesBefore).isEqualTo(1);
    List<String> aliceHistory = history(alice).stream().map(Message::content).toList();
    assertThat(aliceHistory.getFirst()).isEqualTo("old");
    assertThat(aliceHistory.subList(1, aliceHistory.size()))
        .containsExactlyInAnyOrder("first", "bob's k", "no key", "no key");
  }

  @Test
  void concurrentRetriesOfOneMessageInParallelBatchesStoreItOnce() throws SQLException {
    open(new PostgresSettings.GroupCommit(4, 256, 1_000));
    UserId alice = randomUser();
    NewMessage message = aMessage().from(alice).to(randomUser()).clientMsgId("retried").build();

    List<StoreResult> results = Concurrently.run(32, () -> store.store(message));

    assertThat(results).filteredOn(result -> !result.duplicate()).hasSize(1);
    assertThat(results).extracting(StoreResult::message).containsOnly(results.get(0).message());
    assertThat(history(alice)).hasSize(1);
  }

  @Test
  void aBatchThatFailsFailsEachOfItsCallersStoresNoneAndTheStoreGoesOn() throws Exception {
    open(new PostgresSettings.GroupCommit(1, 256, 100));
    UserId blocker = randomUser();
    UserId stall = randomUser();
    lock(stall);
    Future<StoreResult> first = holdTheWriter(blocker);
    List<NewMessage> messages =
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    aMessage()
                        .from(randomUser())
                        .to(i == 10 ? stall : randomUser())
                        .text("doomed " + i)
                        .build())
            .toList();
    List<Future<StoreResult>> calls = messages.stream().map(this::submit).toList();
    await().atMost(PATIENCE).until(() -> store.groupCommit().waiting() == messages.size());

    // The first batch goes through; the second, all twenty, now waits for the stalled user's lock.
    letGo(blocker);
    first.get(30, TimeUnit.SECONDS);
    await().atMost(PATIENCE).until(() -> waitingForAdvisoryLock() == 1);
    // Its connection dies in the middle of the statement.
    try (Statement statement = holder.createStatement()) {
      statement.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_locks"
              + " WHERE locktype = 'advisory' AND NOT granted");
    }

    for (Future<StoreResult> call : calls) {
      assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(MessageStoreUnavailableException.class)
          .hasMessageStartingWith("storing a message failed: ");
    }
    for (NewMessage message : messages) {
      assertThat(history(message.from())).isEmpty();
    }
    letGo(stall);
    NewMessage after = aMessage().from(randomUser()).to(stall).text("after").build();
    assertThat(store.store(after).message().content()).isEqualTo("after");
  }

  @Test
  void aMessageTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsStored() throws Exception {
    open(new PostgresSettings.GroupCommit(1, 256, 100));
    UserId blocker = randomUser();
    Future<StoreResult> first = holdTheWriter(blocker);
    long batchesBefore = store.groupCommit().batches();
    // Beyond PostgreSQL's last timestamp: the database refuses it (SQL state 22009).
    Instant unstorable = Instant.parse("+300000-01-01T00:00:00Z");
    List<NewMessage> messages =
        IntStream.range(0, 6)
            .mapToObj(
                i ->
                    aMessage()
                        .from(randomUser())
                        .to(randomUser())
                        .text("m" + i)
                        .createdAt(i == 3 ? unstorable : Instant.parse("2026-03-01T10:00:00Z"))
                        .build())
            .toList();
    List<Future<StoreResult>> calls = messages.stream().map(this::submit).toList();
    await().atMost(PATIENCE).until(() -> store.groupCommit().waiting() == messages.size());

    letGo(blocker);
    first.get(30, TimeUnit.SECONDS);

    assertThatThrownBy(() -> calls.get(3).get(30, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(MessageStoreUnavailableException.class)
        .hasMessageContaining("22009");
    assertThat(history(messages.get(3).from())).isEmpty();
    for (int i : List.of(0, 1, 2, 4, 5)) {
      Message stored = result(calls.get(i)).message();
      assertThat(stored.content()).isEqualTo("m" + i);
      assertThat(store.find(stored.id())).contains(stored);
    }
    // They were one batch (then written one by one to single the bad one out).
    assertThat(store.groupCommit().batches() - batchesBefore).isEqualTo(1);
  }

  @Test
  void aUsersIdsFollowCommitOrderWhileParallelBatchesWriteAndAReaderSyncs() throws Exception {
    open(new PostgresSettings.GroupCommit(4, 8, 1_000));
    UserId bob = randomUser();
    int writers = 8;
    int perWriter = 40;
    CountDownLatch writersDone = new CountDownLatch(writers);

    List<List<Long>> outcome =
        Concurrently.run(
            writers + 1,
            w ->
                () -> {
                  if (w == writers) {
                    return readWhileWriting(bob, writersDone);
                  }
                  try {
                    List<Long> ids = new ArrayList<>();
                    for (int n = 0; n < perWriter; n++) {
                      NewMessage message =
                          n % 2 == 0
                              ? aMessage().from(randomUser()).to(bob).text("to bob").build()
                              : aMessage().from(bob).to(randomUser()).text("from bob").build();
                      ids.add(store.store(message).message().id().value());
                    }
                    return ids;
                  } finally {
                    writersDone.countDown();
                  }
                });

    List<Long> written =
        outcome.subList(0, writers).stream().flatMap(List::stream).sorted().toList();
    assertThat(written).hasSize(writers * perWriter);
    // The reader paged by id while batches committed: it saw every message once, in id order.
    assertThat(outcome.get(writers)).containsExactlyElementsOf(written);
  }

  /**
   * Pages bob's history by 3 from the last id seen until the writers are done and it is drained.
   */
  private List<Long> readWhileWriting(UserId user, CountDownLatch writersDone) {
    List<Long> seen = new ArrayList<>();
    SyncCursor cursor = new SyncCursor.Beginning();
    boolean finished;
    do {
      finished = writersDone.getCount() == 0;
      HistoryPage page;
      do {
        page = store.history(user, cursor, 3);
        for (Message message : page.messages()) {
          seen.add(message.id().value());
          cursor = new SyncCursor.AfterId(message.id());
        }
      } while (page.hasMore());
    } while (!finished);
    return seen;
  }

  private Future<StoreResult> submit(NewMessage message) {
    return callers.submit(() -> store.store(message));
  }

  /** Locks {@code user}, stores a message to them, and waits until the writer blocks on it. */
  private Future<StoreResult> holdTheWriter(UserId user) throws SQLException {
    lock(user);
    Future<StoreResult> first =
        submit(aMessage().from(randomUser()).to(user).text("holds the writer").build());
    await().atMost(PATIENCE).until(() -> waitingForAdvisoryLock() == 1);
    return first;
  }

  private void lock(UserId user) throws SQLException {
    advisory("SELECT pg_advisory_lock(?)", user);
  }

  private void letGo(UserId user) throws SQLException {
    advisory("SELECT pg_advisory_unlock(?)", user);
  }

  private void advisory(String sql, UserId user) throws SQLException {
    try (PreparedStatement statement = holder.prepareStatement(sql)) {
      statement.setLong(1, user.value());
      statement.execute();
    }
  }

  private static long waitingForAdvisoryLock() throws SQLException {
    try (Connection connection = PostgresServer.shared().adminConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
      result.next();
      return result.getLong(1);
    }
  }

  private List<Message> history(UserId user) {
    return store.history(user, new SyncCursor.Beginning(), 10_000).messages();
  }

  private List<Long> historyIds(UserId user) {
    return history(user).stream().map(Message::id).map(MessageId::value).toList();
  }

  private static StoreResult result(Future<StoreResult> call) {
    try {
      return call.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("a store call failed: " + e, e);
    }
  }
}
