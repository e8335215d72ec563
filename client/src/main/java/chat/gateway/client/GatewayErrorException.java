package chat.gateway.client;

import chat.gateway.domain.ErrorCode;
import java.util.Objects;

/**
 * The gateway refused a request: an {@code Error} frame answered it, or an {@code AuthRsp} refused
 * the token. {@link #getMessage()} reads {@code "CODE: text"}, e.g. {@code "WS_AUTH_FAILED: token
 * expired"}; {@link #code()} and {@link #text()} give the parts.
 */
public final class GatewayErrorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String text;

  public GatewayErrorException(ErrorCode code, String text) {
    super(Objects.requireNonNull(code, "code") + ": " + Objects.requireNonNull(text, "text"));
    this.code = code;
    this.text = text;
  }

  /**
   * The refusal an {@code AuthRsp} carries: the gateway writes {@code "WS_AUTH_FAILED: reason"};
   * any other text is kept whole under {@code WS_AUTH_FAILED}.
   */
  public static GatewayErrorException ofAuthError(String error) {
    int colon = error.indexOf(": ");
    if (colon > 0) {
      for (ErrorCode code : ErrorCode.values()) {
        if (code.name().equals(error.substring(0, colon))) {
          return new GatewayErrorException(code, error.substring(colon + 2));
        }
      }
    }
    return new GatewayErrorException(ErrorCode.WS_AUTH_FAILED, error);
  }

  public ErrorCode code() {
    return code;
  }

  /** The gateway's explanation, without the code. */
  public String text() {
    return text;
  }
}
