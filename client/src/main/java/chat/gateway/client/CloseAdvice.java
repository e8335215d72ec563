package chat.gateway.client;

import chat.gateway.domain.CloseReason;

/**
 * What a client should do after its connection closed with a given WebSocket close code: the
 * gateway's codes ({@link CloseReason}) say it themselves; other codes are read by their range.
 */
public enum CloseAdvice {
  /** A passing condition (shutdown, timeout, overload, network loss): reconnect with backoff. */
  RECONNECT("reconnect"),
  /** Reconnecting would fail the same way, or the client ended it: fix the cause first. */
  DO_NOT_RECONNECT("do not reconnect");

  /** The code this client reports when it closed the connection itself. */
  public static final int NORMAL_CLOSURE = 1000;

  /** The code this client reports when the connection broke without a close frame. */
  public static final int ABNORMAL_CLOSURE = 1006;

  /**
   * The code this client reports when the gateway's certificate is not trusted (RFC 6455's code for
   * a failed TLS handshake): not worth retrying until the trust store changes.
   */
  public static final int TLS_HANDSHAKE_FAILURE = 1015;

  private final String label;

  CloseAdvice(String label) {
    this.label = label;
  }

  /** A few words for people: "reconnect" or "do not reconnect". */
  public String label() {
    return label;
  }

  /**
   * The advice for {@code code}. A code the gateway sends takes {@link CloseReason#reconnect()}.
   * 1000 is this client's own {@link GatewayClient#close()} (the gateway never sends it). Other
   * codes: 4000–4099 and the transient 1xxx codes (1001, 1006, 1011–1014) reconnect; 4400–4499 and
   * the remaining 1xxx codes (a protocol or policy problem) do not; anything else reconnects, since
   * backoff bounds the cost of a wrong guess and giving up loses the user's session.
   */
  public static CloseAdvice of(int code) {
    if (code == NORMAL_CLOSURE) {
      return DO_NOT_RECONNECT;
    }
    for (CloseReason reason : CloseReason.values()) {
      if (reason.code() == code) {
        return reason.reconnect() ? RECONNECT : DO_NOT_RECONNECT;
      }
    }
    if (code >= 4400 && code <= 4499) {
      return DO_NOT_RECONNECT;
    }
    if (code >= 1000 && code <= 1999) {
      boolean transientCode =
          code == 1001 || code == ABNORMAL_CLOSURE || (code >= 1011 && code <= 1014);
      return transientCode ? RECONNECT : DO_NOT_RECONNECT;
    }
    return RECONNECT;
  }
}
