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
}
