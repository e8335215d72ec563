package chat.gateway.application.port.out;

import chat.gateway.domain.MessageId;
import java.time.Instant;
import java.util.Objects;

/** Where a history read starts: after a message id, after a time, or from the beginning. */
public sealed interface SyncCursor {

  /** Messages with an id above {@code id}. */
  record AfterId(MessageId id) implements SyncCursor {
    public AfterId {
      Objects.requireNonNull(id, "id");
    }
  }

  /** Messages created after {@code time}. */
  record AfterTime(Instant time) implements SyncCursor {
    public AfterTime {
      Objects.requireNonNull(time, "time");
    }
  }

  /** Every message. */
  record Beginning() implements SyncCursor {}

  /** The cursor a SyncReq names: the message id when non-zero, else the time when non-zero. */
  static SyncCursor of(long lastMessageId, long lastSyncTimeMillis) {
    if (lastMessageId > 0) {
      return new AfterId(MessageId.of(lastMessageId));
    }
    if (lastSyncTimeMillis > 0) {
      return new AfterTime(Instant.ofEpochMilli(lastSyncTimeMillis));
    }
    return new Beginning();
  }
}
