package chat.gateway.application.port.out;

import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where messages live. Every method is safe from many threads at once. Any method may throw {@link
 * MessageStoreUnavailableException} when the store cannot be reached; nothing is then half-done.
 */
public interface MessageStore {

  /**
   * Stores a new message durably before returning, with status {@code sent} and an id the store
   * assigns. Idempotent per sender and client message id: when {@code from} already stored a
   * message with the same non-empty {@code clientMsgId}, nothing new is stored and that message is
   * returned with {@code duplicate} set. Ids are positive and, per user, increase in commit order:
   * once a message with id N that a user sent or received is visible to any reader, no message of
   * that user with an id below N becomes visible later (messages of unrelated users may commit in
   * any order).
   */
  StoreResult store(NewMessage message);

  /**
   * The highest id of any message stored so far; empty when the store is empty. Once {@link #store}
   * has returned a message, this is at least that message's id.
   */
  Optional<MessageId> latestId();

  /** The message with this id, if stored. */
  Optional<Message> find(MessageId id);

  /**
   * The stored messages among {@code ids}, each once, in no particular order; unknown ids are
   * absent. A store that can should read them in one round trip (this default reads one by one).
   */
  default List<Message> findAll(Collection<MessageId> ids) {
    return ids.stream().distinct().map(this::find).flatMap(Optional::stream).toList();
  }

  /**
   * Moves a message's status forward to {@code status}, atomically. Returns the updated message
   * when it moved; empty when the message is unknown or already at or past {@code status} (a status
   * never moves back, also when two acks race).
   */
  Optional<Message> advance(MessageId id, DeliveryStatus status);

  /**
   * As {@link #advance}, only when {@code recipient} is the message's recipient: empty also for
   * another user's message. An Ack's usual case in one call; a store that can should do it in one
   * round trip (this default reads the message first).
   */
  default Optional<Message> advanceFor(UserId recipient, MessageId id, DeliveryStatus status) {
    return find(id)
        .filter(message -> message.to().equals(recipient))
        .flatMap(m -> advance(id, status));
  }

  /**
   * {@link #advanceFor} of each of {@code ids} with one status, in the order given, as if called
   * one after the other: one outcome per id, at the same index, the message as moved or empty when
   * it did not move (unknown, another user's, already at or past {@code status}, or an id repeated
   * earlier in the list that moved it first). A batch Ack's call; a store that can should apply the
   * whole list in one round trip (this default calls {@link #advanceFor} per id).
   */
  default List<Optional<Message>> advanceAllFor(
      UserId recipient, List<MessageId> ids, DeliveryStatus status) {
    List<Optional<Message>> outcomes = new ArrayList<>(ids.size());
    for (MessageId id : ids) {
      outcomes.add(advanceFor(recipient, id, status));
    }
    return outcomes;
  }

  /**
   * The messages {@code user} sent or received after {@code cursor}, oldest (lowest id) first, at
   * most {@code limit}; {@code hasMore} tells whether more follow. A reader that pages from the
   * beginning, passing the last id it received as the next cursor, sees every message exactly once.
   */
  HistoryPage history(UserId user, SyncCursor cursor, int limit);

  /**
   * Messages to {@code recipient} still in status {@code sent} with an id above {@code after} (all
   * when empty), lowest id first, at most {@code limit}.
   */
  List<Message> undelivered(UserId recipient, Optional<MessageId> after, int limit);
}
