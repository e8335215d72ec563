package chat.gateway.application.port.in;

import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code user}'s messages after {@code afterMessage} when given, else created after {@code
 * afterTime} when given, else from the beginning.
 */
public record SyncCommand(
    UserId user, Optional<MessageId> afterMessage, Optional<Instant> afterTime) {
  public SyncCommand {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(afterMessage, "afterMessage");
    Objects.requireNonNull(afterTime, "afterTime");
  }
}
