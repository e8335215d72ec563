package chat.gateway.application.usecase;

import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.MessageStoreUnavailableException;
import chat.gateway.application.port.out.NewMessage;
import chat.gateway.application.port.out.StoreResult;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.util.List;
import java.util.Optional;

/**
 * A message store that can be unreachable: while down, every call fails the way a database adapter
 * does, with a message full of details no client may see.
 */
final class OutageMessageStore implements MessageStore {

  static final String SECRET_DETAIL =
      "jdbc:postgresql://db-7:5432/chat user=gateway password=hunter2";

  private final MessageStore delegate;
  private volatile boolean down;

  OutageMessageStore(MessageStore delegate) {
    this.delegate = delegate;
  }

  void down(boolean value) {
    down = value;
  }

  @Override
  public StoreResult store(NewMessage message) {
    check();
    return delegate.store(message);
  }

  @Override
  public Optional<MessageId> latestId() {
    check();
    return delegate.latestId();
  }

  @Override
  public Optional<Message> find(MessageId id) {
    check();
    return delegate.find(id);
  }

  @Override
  public Optional<Message> advance(MessageId id, DeliveryStatus status) {
    check();
    return delegate.advance(id, status);
  }

  @Override
  public HistoryPage history(UserId user, SyncCursor cursor, int limit) {
    check();
    return delegate.history(user, cursor, limit);
  }

  @Override
  public List<Message> undelivered(UserId recipient, Optional<MessageId> after, int limit) {
    check();
    return delegate.undelivered(recipient, after, limit);
  }

  private void check() {
    if (down) {
      throw new MessageStoreUnavailableException(
          "cannot reach " + SECRET_DETAIL, new IllegalStateException("SELECT * FROM messages"));
    }
  }
}
