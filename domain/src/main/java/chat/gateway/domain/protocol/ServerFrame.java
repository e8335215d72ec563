package chat.gateway.domain.protocol;

import java.util.Objects;

/** A frame for a client. A reply carries the seq of the request it answers; a push carries 0. */
public record ServerFrame(long seq, ServerPayload payload) {
  public ServerFrame {
    Objects.requireNonNull(payload, "payload");
  }

  /** An unsolicited push: seq 0. */
  public static ServerFrame push(ServerPayload payload) {
    return new ServerFrame(0, payload);
  }

  /** A reply to the request with sequence number {@code seq}. */
  public static ServerFrame reply(long seq, ServerPayload payload) {
    return new ServerFrame(seq, payload);
  }

  public FrameType type() {
    return payload.type();
  }
}
