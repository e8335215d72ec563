package chat.gateway.application.port.out;

/** The message store could not be reached; the operation did not happen. */
public class MessageStoreUnavailableException extends RuntimeException {

  public MessageStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
