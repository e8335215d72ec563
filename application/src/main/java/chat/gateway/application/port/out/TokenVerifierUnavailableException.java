package chat.gateway.application.port.out;

/** The verifier could not get the keys it needs; the token was neither accepted nor refused. */
public class TokenVerifierUnavailableException extends RuntimeException {

  public TokenVerifierUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
