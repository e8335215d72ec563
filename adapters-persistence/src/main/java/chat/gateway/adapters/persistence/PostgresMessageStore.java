package chat.gateway.adapters.persistence;

import static chat.gateway.adapters.persistence.jooq.Tables.MESSAGES;

import chat.gateway.adapters.persistence.GroupCommitter.Request;
import chat.gateway.adapters.persistence.jooq.tables.records.MessagesRecord;
import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.MessageStoreUnavailableException;
import chat.gateway.application.port.out.NewMessage;
import chat.gateway.application.port.out.StoreResult;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Row2;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The {@link MessageStore} on PostgreSQL (schema: {@code db/migration}).
 *
 * <p><b>Why a cursor on the id never skips a message.</b> A sequence hands out ids in call order,
 * not commit order: without care, a message with id 10 could commit after one with id 11, and a
 * reader that already paged past 11 would never see 10. Here every write first takes a
 * transaction-scoped advisory lock on each user it involves (senders and recipients, in ascending
 * order of user id, so two writers never deadlock), and only then draws its ids; the locks are held
 * until commit. Two messages that share a user therefore draw their ids one after the other's
 * commit (or in the same transaction, committing together): per user, ids increase in commit order,
 * so a user's sync or login push, which pages by id, can never miss a message that commits late.
 * Messages of disjoint users do not wait for each other.
 *
 * <p>Advisory locks rather than row locks on {@code users}: they need no row for the user (the
 * store may hold messages of users no longer in the directory), write nothing (no dead tuples at
 * thousands of messages a second), and the whole write, locks, ids and rows, is one statement: one
 * round trip and one commit.
 *
 * <p><b>Group commit.</b> Concurrent {@link #store} calls share that statement: each call waits in
 * a {@link GroupCommitter}, a writer takes every call waiting at that moment (up to {@link
 * PostgresSettings.GroupCommit#maxBatch()}), writes them in one statement, which locks the users of
 * the whole batch in ascending order before drawing any id, and once it has committed completes
 * each call. A call returns only after its own row is committed. An idle store writes a call at
 * once, alone: one round trip, no timer.
 *
 * <p><b>Idempotence.</b> The unique constraint on {@code (sender, client_msg_id)} decides; the
 * insert does nothing on conflict and the store then reads the first message. Within one batch the
 * later calls with the same sender and client message id are not sent at all: they get the first
 * call's message, marked duplicate. Concurrent retries in different batches queue on the sender's
 * lock, and the constraint holds even without it.
 *
 * <p><b>Failures.</b> When a batch fails for a reason in the data of one message (SQL states of
 * class 22 or 23), its messages are written again one by one, so that only the offending call
 * fails; any other failure (the database unreachable, say) fails every call of the batch. Either
 * way a failing call gets a {@link MessageStoreUnavailableException} and its message is not stored.
 */
public final class PostgresMessageStore implements MessageStore {

  static final short SENT = code(DeliveryStatus.SENT);

  /**
   * The write of a batch, in one statement. {@code locks} takes every user's lock, in the order of
   * its array (ascending, see {@link #insertEncoded}); {@code input} draws the ids only once {@code
   * locks} is complete (an aggregate yields its row after all of its input), one per message;
   * {@code inserted} writes the rows. The result gives, per message in the order given, its id, its
   * {@code created_at} as stored, and whether it was stored (false: the sender already stored this
   * client message id).
   */
  private static final String INSERT =
      """
      WITH locks AS MATERIALIZED (
             SELECT count(pg_advisory_xact_lock(u)) AS held FROM unnest(?::bigint[]) AS u),
           input AS MATERIALIZED (
             SELECT nextval('message_ids') AS id, m.*
             FROM locks,
                  unnest(?::bigint[], ?::bigint[], ?::varchar[], ?::bytea[], ?::timestamptz[],
                         ?::bytea[])
                    WITH ORDINALITY
                    AS m(sender, recipient, content_type, content, created_at, client_msg_id, ord)),
           inserted AS (
             INSERT INTO messages
               (id, sender, recipient, content_type, content, created_at, status, client_msg_id)
             SELECT id, sender, recipient, content_type, content, created_at, ?::smallint,
                    client_msg_id
             FROM input
             ON CONFLICT (sender, client_msg_id) DO NOTHING
             RETURNING id)
      SELECT input.ord, input.id, input.created_at, inserted.id IS NOT NULL AS stored
      FROM input LEFT JOIN inserted USING (id)
      ORDER BY input.ord
      """;

  /**
   * The status updates of a batch, in one statement: each row of the arrays moves its message
   * forward (only forward: {@code m.status < u.status}), when a recipient is given only that user's
   * message, and returns it as it now is, with the row's ordinality. The ids of one statement are
   * distinct (see {@link #writeAdvances}) and ascending, so concurrent batches lock rows in the
   * same order.
   */
  private static final String ADVANCE =
      """
      UPDATE messages AS m SET status = u.status
      FROM unnest(?::bigint[], ?::smallint[], ?::bigint[]) WITH ORDINALITY
             AS u(id, status, recipient, ord)
      WHERE m.id = u.id AND m.status < u.status
        AND (u.recipient IS NULL OR m.recipient = u.recipient)
      RETURNING u.ord, m.*
      """;

  private static final String WRITER_NAME = "postgres-group-commit";

  private static final String ADVANCER_NAME = "postgres-status-commit";

  private final DSLContext db;
  private final GroupCommitter<NewMessage, StoreResult> writes;

  /**
   * Status updates (acks) share a commit too: one statement per batch, however many Acks and ids it
   * holds. Committed one at a time, each paid an fsync, and acks, one or two per message, were what
   * bound a durable cluster's throughput (docs/benchmarks.md).
   */
  private final GroupCommitter<Advances, List<Optional<Message>>> advances;

  /**
   * One call's status updates waiting for their batch, all to one status; with a recipient, only
   * that user's messages move. One outcome per id, in the order given.
   */
  private record Advances(List<MessageId> ids, DeliveryStatus status, Optional<UserId> recipient) {
    Advances {
      ids = List.copyOf(ids);
    }
  }

  /**
   * A store on {@code db} whose writes go through a group commit.
   *
   * @param queueWait how long a call waits for room when the group commit queue is full
   */
  PostgresMessageStore(
      DSLContext db, PostgresSettings.GroupCommit groupCommit, Duration queueWait) {
    this.db = Objects.requireNonNull(db, "db");
    this.writes =
        new GroupCommitter<>(
            WRITER_NAME,
            groupCommit.writers(),
            groupCommit.maxBatch(),
            groupCommit.maxWaiting(),
            queueWait,
            this::write,
            PostgresMessageStore::unavailable);
    this.advances =
        new GroupCommitter<>(
            ADVANCER_NAME,
            groupCommit.writers(),
            groupCommit.maxBatch(),
            groupCommit.maxWaiting(),
            queueWait,
            this::writeAdvances,
            PostgresMessageStore::unavailable);
  }

  @Override
  public StoreResult store(NewMessage message) {
    try {
      return writes.submit(message);
    } catch (MessageStoreUnavailableException e) {
      // Raised on a writer thread: wrapped once more so that the trace shows this caller too.
      throw new MessageStoreUnavailableException(e.getMessage(), e);
    }
  }

  /** The group commit of this store's writes; for tests. */
  GroupCommitter<NewMessage, StoreResult> groupCommit() {
    return writes;
  }

  /** The group commit of this store's status updates; for tests. */
  GroupCommitter<?, ?> statusCommit() {
    return advances;
  }

  /** Stops the writers; calls still waiting fail. */
  void close(Duration timeout) {
    advances.close(timeout);
    writes.close(timeout);
  }

  private static RuntimeException unavailable(Throwable error) {
    return error instanceof MessageStoreUnavailableException unavailable
        ? unavailable
        : new MessageStoreUnavailableException(
            "storing a message failed: " + Failures.describe(error), error);
  }

  /** A batch's calls with one sender and client message id: the first is written, the rest wait. */
  private record Group(Encoded message, List<Request<NewMessage, StoreResult>> requests) {

    /** The first call stored it; the others are its retries. */
    void stored(Message stored) {
      for (int i = 0; i < requests.size(); i++) {
        requests.get(i).complete(new StoreResult(stored, i > 0));
      }
    }

    /** Stored before, by an earlier batch. */
    void duplicateOf(Message first) {
      requests.forEach(request -> request.complete(new StoreResult(first, true)));
    }

    void fail(RuntimeException error) {
      requests.forEach(request -> request.fail(error));
    }
  }

  /** A message with its content and client message id as the UTF-8 bytes the table holds. */
  private record Encoded(NewMessage message, byte[] content, byte[] clientMsgId) {

    static Encoded of(NewMessage message) {
      return new Encoded(
          message,
          utf8(message.content()),
          message.clientMsgId().map(PostgresMessageStore::utf8).orElse(null));
    }

    /** The key of the uniqueness rule; empty when the message has no client message id. */
    Optional<Key> key() {
      return clientMsgId == null
          ? Optional.empty()
          : Optional.of(new Key(message.from().value(), ByteBuffer.wrap(clientMsgId)));
    }

    /** The message as a reader will see it: the content decoded from the stored bytes. */
    Message stored(long id, Instant createdAt) {
      return new Message(
          MessageId.of(id),
          message.from(),
          message.to(),
          message.type(),
          new String(content, StandardCharsets.UTF_8),
          createdAt,
          DeliveryStatus.SENT,
          Optional.ofNullable(clientMsgId).map(bytes -> new String(bytes, StandardCharsets.UTF_8)));
    }
  }

  /** {@code (sender, client_msg_id)}, compared by the bytes, as the unique constraint does. */
  private record Key(long sender, ByteBuffer clientMsgId) {}

  /** What the write did with one message. */
  private record Written(long id, Instant createdAt, boolean stored) {}

  /** The group commit's batch writer: one statement, then the callers. */
  private void write(List<Request<NewMessage, StoreResult>> batch) {
    Map<Key, Group> byKey = new HashMap<>();
    List<Group> groups = new ArrayList<>(batch.size());
    for (Request<NewMessage, StoreResult> request : batch) {
      Encoded encoded = Encoded.of(request.item());
      Optional<Key> key = encoded.key();
      Group same = key.map(byKey::get).orElse(null);
      if (same != null) {
        same.requests().add(request);
      } else {
        Group group = new Group(encoded, new ArrayList<>(List.of(request)));
        groups.add(group);
        key.ifPresent(k -> byKey.put(k, group));
      }
    }
    write(groups, true);
  }

  /**
   * Writes {@code groups} in one statement and completes their calls. A failure in the data of a
   * batch of several makes each be written alone (when {@code isolate}); any other failure is
   * thrown, and the group commit fails the calls left open.
   */
  private void write(List<Group> groups, boolean isolate) {
    ConnectionProvider connections = db.configuration().connectionProvider();
    Connection connection;
    try {
      connection = connections.acquire();
    } catch (DataAccessException e) {
      throw unavailable(e);
    }
    try {
      List<Written> written;
      try {
        written = insertEncoded(connection, groups.stream().map(Group::message).toList());
        if (!connection.getAutoCommit()) {
          // The pool hands out autocommit connections; should one not be, the callers must still
          // learn of their rows only once they are committed.
          connection.commit();
        }
      } catch (SQLException e) {
        if (isolate && groups.size() > 1 && Failures.isDataError(e)) {
          connections.release(connection);
          connection = null;
          for (Group group : groups) {
            try {
              write(List.of(group), false);
            } catch (RuntimeException alone) {
              group.fail(unavailable(alone));
            }
          }
          return;
        }
        throw unavailable(e);
      }
      List<Group> conflicted = new ArrayList<>();
      for (int i = 0; i < groups.size(); i++) {
        Written outcome = written.get(i);
        Group group = groups.get(i);
        if (outcome.stored()) {
          group.stored(group.message().stored(outcome.id(), outcome.createdAt()));
        } else {
          conflicted.add(group);
        }
      }
      if (!conflicted.isEmpty()) {
        completeDuplicates(DSL.using(connection, SQLDialect.POSTGRES), conflicted);
      }
    } finally {
      if (connection != null) {
        connections.release(connection);
      }
    }
  }

  /**
   * Completes the calls whose insert conflicted: the sender's first message with that client
   * message id is committed (the insert waited for it), so a new statement sees it.
   */
  private static void completeDuplicates(DSLContext context, List<Group> conflicted) {
    List<Row2<Long, byte[]>> keys =
        conflicted.stream()
            .map(
                group ->
                    DSL.row(
                        group.message().message().from().value(), group.message().clientMsgId()))
            .toList();
    Map<Key, Message> firsts = new HashMap<>();
    try {
      for (MessagesRecord row :
          context
              .selectFrom(MESSAGES)
              .where(DSL.row(MESSAGES.SENDER, MESSAGES.CLIENT_MSG_ID).in(keys))
              .fetch()) {
        firsts.put(new Key(row.getSender(), ByteBuffer.wrap(row.getClientMsgId())), toMessage(row));
      }
    } catch (DataAccessException e) {
      throw unavailable(e);
    }
    for (Group group : conflicted) {
      Message first = firsts.get(group.message().key().orElseThrow());
      if (first == null) {
        group.fail(
            unavailable(
                new IllegalStateException(
                    "the insert conflicted but no message holds its client_msg_id")));
      } else {
        group.duplicateOf(first);
      }
    }
  }

  /**
   * The write of {@link #store} on {@code connection}, in whatever transaction it has open: the new
   * message's id, empty when the sender already stored this client message id. Package-private so
   * that a test can hold the transaction open and commit it late.
   */
  static Optional<Long> insert(Connection connection, NewMessage message) throws SQLException {
    return insert(connection, List.of(message)).getFirst();
  }

  /**
   * The write of one batch of {@link #store}, as {@link #insert(Connection, NewMessage)}: per
   * message, its id, or empty when its sender already stored its client message id.
   */
  static List<Optional<Long>> insert(Connection connection, List<NewMessage> messages)
      throws SQLException {
    return insertEncoded(connection, messages.stream().map(Encoded::of).toList()).stream()
        .map(written -> written.stored() ? Optional.of(written.id()) : Optional.<Long>empty())
        .toList();
  }

  /**
   * Writes {@code messages} in one statement on {@code connection} (autocommit: one round trip, one
   * commit); one outcome per message, in the same order. The messages must not repeat a sender's
   * client message id among themselves.
   */
  private static List<Written> insertEncoded(Connection connection, List<Encoded> messages)
      throws SQLException {
    int size = messages.size();
    // Every user of the batch, each once, ascending: the lock order of every writer.
    Long[] users =
        messages.stream()
            .map(Encoded::message)
            .flatMap(message -> Stream.of(message.from().value(), message.to().value()))
            .sorted()
            .distinct()
            .toArray(Long[]::new);
    Long[] senders = new Long[size];
    Long[] recipients = new Long[size];
    String[] types = new String[size];
    byte[][] contents = new byte[size][];
    String[] createdAt = new String[size];
    byte[][] clientMsgIds = new byte[size][];
    for (int i = 0; i < size; i++) {
      NewMessage message = messages.get(i).message();
      senders[i] = message.from().value();
      recipients[i] = message.to().value();
      types[i] = message.type().wireName();
      contents[i] = messages.get(i).content();
      createdAt[i] = message.createdAt().toString();
      clientMsgIds[i] = messages.get(i).clientMsgId();
    }
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      statement.setArray(1, connection.createArrayOf("int8", users));
      statement.setArray(2, connection.createArrayOf("int8", senders));
      statement.setArray(3, connection.createArrayOf("int8", recipients));
      statement.setArray(4, connection.createArrayOf("varchar", types));
      statement.setArray(5, connection.createArrayOf("bytea", contents));
      statement.setArray(6, connection.createArrayOf("timestamptz", createdAt));
      statement.setArray(7, connection.createArrayOf("bytea", clientMsgIds));
      statement.setShort(8, SENT);
      List<Written> written = new ArrayList<>(size);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          written.add(
              new Written(
                  result.getLong("id"),
                  result.getObject("created_at", OffsetDateTime.class).toInstant(),
                  result.getBoolean("stored")));
        }
      }
      if (written.size() != size) {
        throw new IllegalStateException(
            "the batch write returned " + written.size() + " rows for " + size + " messages");
      }
      return written;
    }
  }

  @Override
  public Optional<MessageId> latestId() {
    return Failures.unavailableOnError(
        "reading the latest message id",
        () ->
            db.select(DSL.max(MESSAGES.ID))
                .from(MESSAGES)
                .fetchOptional(Record1::value1)
                .map(MessageId::of));
  }

  @Override
  public Optional<Message> find(MessageId id) {
    return Failures.unavailableOnError(
        "reading a message",
        () ->
            db.selectFrom(MESSAGES)
                .where(MESSAGES.ID.eq(id.value()))
                .fetchOptional()
                .map(PostgresMessageStore::toMessage));
  }

  @Override
  public Optional<Message> advance(MessageId id, DeliveryStatus status) {
    return submitAdvances(new Advances(List.of(id), status, Optional.empty())).getFirst();
  }

  /** One statement, group-committed: the recipient is a condition of the update. */
  @Override
  public Optional<Message> advanceFor(UserId recipient, MessageId id, DeliveryStatus status) {
    return submitAdvances(new Advances(List.of(id), status, Optional.of(recipient))).getFirst();
  }

  /** Every id in the same group-committed statement (a batch Ack: one round trip, not one each). */
  @Override
  public List<Optional<Message>> advanceAllFor(
      UserId recipient, List<MessageId> ids, DeliveryStatus status) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return submitAdvances(new Advances(ids, status, Optional.of(recipient)));
  }

  private List<Optional<Message>> submitAdvances(Advances advances) {
    try {
      return this.advances.submit(advances);
    } catch (MessageStoreUnavailableException e) {
      // Raised on a writer thread: wrapped once more so that the trace shows this caller too.
      throw new MessageStoreUnavailableException(e.getMessage(), e);
    }
  }

  /** One id of a batch of status updates: which call and which of its ids, and what to do. */
  private record Update(int request, int index, long id, short status, Long recipient) {}

  /**
   * Applies a batch of status updates, each forward only, in the order given (a later update of the
   * same message sees the earlier one), and completes each call with, per id, the message as it now
   * is, or empty when it did not move. Usually one statement: an id that repeats within the batch
   * goes to a second statement (a third for its third time, ...), in one transaction, since one
   * UPDATE changes a row at most once.
   */
  private void writeAdvances(List<Request<Advances, List<Optional<Message>>>> batch) {
    List<List<Update>> rounds = new ArrayList<>();
    Map<Long, Integer> seen = new HashMap<>();
    List<List<Optional<Message>>> results = new ArrayList<>(batch.size());
    for (int r = 0; r < batch.size(); r++) {
      Advances item = batch.get(r).item();
      short target = code(item.status());
      Long recipient = item.recipient().map(UserId::value).orElse(null);
      List<Optional<Message>> result = new ArrayList<>(item.ids().size());
      for (int i = 0; i < item.ids().size(); i++) {
        long id = item.ids().get(i).value();
        int round = seen.merge(id, 1, Integer::sum) - 1;
        if (round == rounds.size()) {
          rounds.add(new ArrayList<>());
        }
        rounds.get(round).add(new Update(r, i, id, target, recipient));
        result.add(Optional.empty());
      }
      results.add(result);
    }
    Failures.unavailableOnError(
        "updating a message's status",
        () ->
            rounds.size() == 1
                ? db.connectionResult(connection -> advance(connection, rounds.getFirst(), results))
                : db.transactionResult(
                    configuration ->
                        configuration
                            .dsl()
                            .connectionResult(
                                connection -> {
                                  for (List<Update> round : rounds) {
                                    advance(connection, round, results);
                                  }
                                  return null;
                                })));
    for (int r = 0; r < batch.size(); r++) {
      batch.get(r).complete(results.get(r));
    }
  }

  /** One statement of {@link #writeAdvances}: {@code round}'s ids are distinct. */
  private static Void advance(
      Connection connection, List<Update> round, List<List<Optional<Message>>> results)
      throws SQLException {
    List<Update> sorted = new ArrayList<>(round);
    sorted.sort(Comparator.comparingLong(Update::id));
    int size = sorted.size();
    Long[] ids = new Long[size];
    Short[] statuses = new Short[size];
    Long[] recipients = new Long[size];
    for (int i = 0; i < size; i++) {
      Update update = sorted.get(i);
      ids[i] = update.id();
      statuses[i] = update.status();
      recipients[i] = update.recipient();
    }
    try (PreparedStatement statement = connection.prepareStatement(ADVANCE)) {
      statement.setArray(1, connection.createArrayOf("int8", ids));
      statement.setArray(2, connection.createArrayOf("int2", statuses));
      statement.setArray(3, connection.createArrayOf("int8", recipients));
      try (ResultSet rows = statement.executeQuery()) {
        for (Record row : DSL.using(connection, SQLDialect.POSTGRES).fetch(rows)) {
          Update update = sorted.get(row.get("ord", Long.class).intValue() - 1);
          results
              .get(update.request())
              .set(update.index(), Optional.of(toMessage(row.into(MESSAGES))));
        }
      }
    }
    return null;
  }

  @Override
  public List<Message> findAll(Collection<MessageId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Long[] values = ids.stream().map(MessageId::value).distinct().toArray(Long[]::new);
    return Failures.unavailableOnError(
        "reading messages",
        () ->
            db.selectFrom(MESSAGES)
                .where(MESSAGES.ID.eq(DSL.any(values)))
                .fetch()
                .map(PostgresMessageStore::toMessage));
  }

  @Override
  public HistoryPage history(UserId user, SyncCursor cursor, int limit) {
    Condition after =
        switch (cursor) {
          case SyncCursor.AfterId afterId -> MESSAGES.ID.gt(afterId.id().value());
          case SyncCursor.AfterTime afterTime ->
              MESSAGES.CREATED_AT.gt(OffsetDateTime.ofInstant(afterTime.time(), ZoneOffset.UTC));
          case SyncCursor.Beginning beginning -> DSL.trueCondition();
        };
    int fetch = limit + 1;
    List<Message> found =
        Failures.unavailableOnError(
            "reading a user's history",
            () ->
                // Two index range scans, (sender, id) and (recipient, id), merged by id.
                db.selectFrom(
                        db.selectFrom(MESSAGES)
                            .where(MESSAGES.SENDER.eq(user.value()))
                            .and(after)
                            .orderBy(MESSAGES.ID)
                            .limit(fetch)
                            .unionAll(
                                db.selectFrom(MESSAGES)
                                    .where(MESSAGES.RECIPIENT.eq(user.value()))
                                    .and(MESSAGES.SENDER.ne(user.value()))
                                    .and(after)
                                    .orderBy(MESSAGES.ID)
                                    .limit(fetch))
                            .asTable(MESSAGES.getName()))
                    .orderBy(MESSAGES.ID)
                    .limit(fetch)
                    .fetch()
                    .into(MESSAGES)
                    .map(PostgresMessageStore::toMessage));
    boolean more = found.size() > limit;
    return new HistoryPage(more ? found.subList(0, limit) : found, more);
  }

  @Override
  public List<Message> undelivered(UserId recipient, Optional<MessageId> after, int limit) {
    return Failures.unavailableOnError(
        "reading undelivered messages",
        () ->
            db.selectFrom(MESSAGES)
                .where(MESSAGES.RECIPIENT.eq(recipient.value()))
                .and(MESSAGES.STATUS.eq(SENT))
                .and(after.map(id -> MESSAGES.ID.gt(id.value())).orElse(DSL.trueCondition()))
                .orderBy(MESSAGES.ID)
                .limit(limit)
                .fetch()
                .map(PostgresMessageStore::toMessage));
  }

  static Message toMessage(MessagesRecord row) {
    return new Message(
        MessageId.of(row.getId()),
        UserId.of(row.getSender()),
        UserId.of(row.getRecipient()),
        ContentType.fromWire(row.getContentType())
            .orElseThrow(
                () -> new IllegalStateException("unknown content type " + row.getContentType())),
        new String(row.getContent(), StandardCharsets.UTF_8),
        Instant.from(row.getCreatedAt()),
        status(row.getStatus()),
        Optional.ofNullable(row.getClientMsgId())
            .map(bytes -> new String(bytes, StandardCharsets.UTF_8)));
  }

  static short code(DeliveryStatus status) {
    return (short) (status.ordinal() + 1);
  }

  private static DeliveryStatus status(short code) {
    DeliveryStatus[] all = DeliveryStatus.values();
    if (code < 1 || code > all.length) {
      throw new IllegalStateException("unknown delivery status code " + code);
    }
    return all[code - 1];
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
