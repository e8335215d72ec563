package chat.gateway.domain.protocol;

import java.util.Optional;

/** The {@code type} field of a WebSocket message: what its payload is. */
public enum FrameType {
  AUTH(1),
  CHAT(2),
  ACK(3),
  SYNC_REQ(4),
  PRESENCE(5),
  PING(6),
  /** Extension: replace the connection's presence watch list. */
  PRESENCE_SUB(7),
  AUTH_RSP(101),
  CHAT_PUSH(102),
  SYNC_RSP(103),
  PRESENCE_PUSH(104),
  PONG(105),
  ERROR(106),
  /** Extension: the sender's message is stored. */
  CHAT_ACK(107),
  /** Extension: the recipient acknowledged a message. */
  RECEIPT_PUSH(108);

  private static final FrameType[] BY_CODE = new FrameType[109];

  static {
    for (FrameType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** True for the types a client sends. */
  public boolean fromClient() {
    return code < 100;
  }

  public static Optional<FrameType> fromCode(long code) {
    if (code < 0 || code >= BY_CODE.length) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_CODE[(int) code]);
  }
}
