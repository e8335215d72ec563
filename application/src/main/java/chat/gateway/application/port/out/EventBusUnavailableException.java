package chat.gateway.application.port.out;

/** The event bus between instances could not take an event; it was not sent. */
public class EventBusUnavailableException extends RuntimeException {

  public EventBusUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
