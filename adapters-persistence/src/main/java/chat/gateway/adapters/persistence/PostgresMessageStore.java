package chat.gateway.adapters.persistence;

import static chat.gateway.adapters.persistence.jooq.Tables.MESSAGES;

import chat.gateway.adapters.persistence.jooq.tables.records.MessagesRecord;
import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.NewMessage;
import chat.gateway.application.port.out.StoreResult;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The {@link MessageStore} on PostgreSQL (schema: {@code db/migration}).
 *
 * <p><b>Why a cursor on the id never skips a message.</b> A sequence hands out ids in call order,
 * not commit order: without care, a message with id 10 could commit after one with id 11, and a
 * reader that already paged past 11 would never see 10. Here every write first takes a
 * transaction-scoped advisory lock on each user it involves (sender and recipient, lower id first,
 * so two writers never deadlock), and only then draws its id; the locks are held until commit. Two
 * messages that share a user therefore draw their ids one after the other's commit: per user, ids
 * increase in commit order, so a user's sync or login push, which pages by id, can never miss a
 * message that commits late. Messages of disjoint users do not wait for each other.
 *
 * <p>Advisory locks rather than row locks on {@code users}: they need no row for the user (the
 * store may hold messages of users no longer in the directory), write nothing (no dead tuples at
 * thousands of messages a second), and the whole write, locks, id and insert, is one statement: one
 * round trip and one commit.
 *
 * <p><b>Idempotence.</b> The unique constraint on {@code (sender, client_msg_id)} decides; the
 * insert does nothing on conflict and the store then reads the first message. Concurrent retries of
 * one sender already queue on the sender's lock, and the constraint holds even without it.
 */
public final class PostgresMessageStore implements MessageStore {

  static final short SENT = code(DeliveryStatus.SENT);

  /**
   * The write: both users' locks, then the id, then the row, in one statement. The CTEs chain so
   * that the second lock is taken after the first and {@code nextval} runs only after both.
   */
  private static final String INSERT =
      """
      WITH first_lock AS (SELECT pg_advisory_xact_lock(?::bigint) AS locked),
           both_locks AS (SELECT pg_advisory_xact_lock(?::bigint) AS locked FROM first_lock)
      INSERT INTO messages
        (id, sender, recipient, content_type, content, created_at, status, client_msg_id)
      SELECT nextval('message_ids'), ?::bigint, ?::bigint, ?::varchar, ?::bytea, ?::timestamptz,
             ?::smallint, ?::bytea
      FROM both_locks
      ON CONFLICT (sender, client_msg_id) DO NOTHING
      RETURNING id, sender, recipient, content_type, content, created_at, status, client_msg_id
      """;

  private final DSLContext db;

  PostgresMessageStore(DSLContext db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public StoreResult store(NewMessage message) {
    return Failures.unavailableOnError(
        "storing a message",
        () -> {
          Optional<MessagesRecord> inserted = insert(db, message);
          if (inserted.isPresent()) {
            return new StoreResult(toMessage(inserted.get()), false);
          }
          // Only a conflict on (sender, client_msg_id) inserts nothing: the first one is committed.
          MessagesRecord first =
              db.selectFrom(MESSAGES)
                  .where(MESSAGES.SENDER.eq(message.from().value()))
                  .and(MESSAGES.CLIENT_MSG_ID.eq(utf8(message.clientMsgId().orElseThrow())))
                  .fetchOptional()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "the insert conflicted but no message holds its client_msg_id"));
          return new StoreResult(toMessage(first), true);
        });
  }

  /**
   * The write of {@link #store} on {@code connection}, in whatever transaction it has open: the new
   * message's id, empty when the sender already stored this client message id. Package-private so
   * that a test can hold the transaction open and commit it late.
   */
  static Optional<Long> insert(Connection connection, NewMessage message) {
    return insert(DSL.using(connection, SQLDialect.POSTGRES), message).map(MessagesRecord::getId);
  }

  private static Optional<MessagesRecord> insert(DSLContext context, NewMessage message) {
    long first = Math.min(message.from().value(), message.to().value());
    long second = Math.max(message.from().value(), message.to().value());
    return context
        .resultQuery(
            INSERT,
            DSL.val(first, MESSAGES.SENDER),
            DSL.val(second, MESSAGES.SENDER),
            DSL.val(message.from().value(), MESSAGES.SENDER),
            DSL.val(message.to().value(), MESSAGES.RECIPIENT),
            DSL.val(message.type().wireName(), MESSAGES.CONTENT_TYPE),
            DSL.val(utf8(message.content()), MESSAGES.CONTENT),
            DSL.val(
                OffsetDateTime.ofInstant(message.createdAt(), ZoneOffset.UTC), MESSAGES.CREATED_AT),
            DSL.val(SENT, MESSAGES.STATUS),
            DSL.val(
                message.clientMsgId().map(PostgresMessageStore::utf8).orElse(null),
                MESSAGES.CLIENT_MSG_ID))
        .coerce(MESSAGES)
        .fetchOptional();
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
    short target = code(status);
    return Failures.unavailableOnError(
        "updating a message's status",
        () ->
            db.update(MESSAGES)
                .set(MESSAGES.STATUS, target)
                .where(MESSAGES.ID.eq(id.value()))
                .and(MESSAGES.STATUS.lt(target))
                .returning()
                .fetchOptional()
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
