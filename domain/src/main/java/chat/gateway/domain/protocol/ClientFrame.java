package chat.gateway.domain.protocol;

import java.util.Objects;

/** A decoded frame from a client: its sequence number and payload. */
public record ClientFrame(long seq, ClientPayload payload) {
  public ClientFrame {
    Objects.requireNonNull(payload, "payload");
  }

  public FrameType type() {
    return payload.type();
  }
}
