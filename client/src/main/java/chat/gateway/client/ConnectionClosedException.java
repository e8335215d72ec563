package chat.gateway.client;

/**
 * The connection closed before the gateway answered a request, or a request was made while no
 * connection was open. The request may or may not have reached the gateway: a chat message sent
 * again with the same {@code client_msg_id} is stored once.
 */
public final class ConnectionClosedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int code;
  private final String reason;

  public ConnectionClosedException(int code, String reason) {
    super("connection closed (" + code + " " + reason + ")");
    this.code = code;
    this.reason = reason;
  }

  /** The WebSocket close code; classify it with {@link CloseAdvice#of(int)}. */
  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }
}
