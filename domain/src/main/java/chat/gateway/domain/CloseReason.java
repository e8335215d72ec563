package chat.gateway.domain;

/**
 * Why the gateway closes a connection, with the WebSocket close code a client sees. Codes in the
 * 4000–4099 range, and 1001, mean "reconnect with backoff"; codes in 4400–4499, 1008 and 1009 mean
 * "do not reconnect until the cause is fixed" (a new token, a fixed client, the user's choice).
 */
public enum CloseReason {
  /** The peer closed, or the socket broke. Nothing is sent. */
  PEER_CLOSED(1000, true, "closed by peer"),
  /** The gateway is shutting down or draining; another instance takes the client. */
  GOING_AWAY(1001, true, "server going away"),
  /** Something failed inside the gateway. */
  INTERNAL_ERROR(4000, true, "internal error"),
  /** No frame arrived within the read timeout. */
  READ_TIMEOUT(4001, true, "read timeout"),
  /** The send queue filled up or a write did not complete within the write timeout. */
  SLOW_CONSUMER(4002, true, "slow consumer"),
  /** No Auth frame arrived within the auth timeout. */
  AUTH_TIMEOUT(4003, true, "auth timeout"),
  /** The gateway holds as many connections as it is configured for. */
  SERVER_FULL(4004, true, "connection limit reached"),
  /** The token was refused; reconnecting with the same token fails the same way. */
  AUTH_FAILED(1008, false, "authentication failed"),
  /** A frame exceeded the frame size limit. */
  FRAME_TOO_LARGE(1009, false, "frame too large"),
  /** The connection kept sending past its rate limit. */
  POLICY_VIOLATION(4400, false, "rate limit abuse"),
  /** An operator ended the session and asks the client not to come back on its own. */
  KICKED(4403, false, "disconnected by an operator"),
  /** A newer connection of the same user took this one's place. */
  REPLACED(4409, false, "replaced by a newer connection");

  private final int code;
  private final boolean reconnect;
  private final String description;

  CloseReason(int code, boolean reconnect, String description) {
    this.code = code;
    this.reconnect = reconnect;
    this.description = description;
  }

  /** The WebSocket close code. */
  public int code() {
    return code;
  }

  /** Whether a client should reconnect (with backoff) after this close. */
  public boolean reconnect() {
    return reconnect;
  }

  public String description() {
    return description;
  }
}
