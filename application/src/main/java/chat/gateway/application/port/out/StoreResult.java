package chat.gateway.application.port.out;

import chat.gateway.domain.Message;
import java.util.Objects;

/** The stored message, and whether it had been stored before under the same client message id. */
public record StoreResult(Message message, boolean duplicate) {
  public StoreResult {
    Objects.requireNonNull(message, "message");
  }
}
