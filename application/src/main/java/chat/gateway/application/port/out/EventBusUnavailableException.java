package chat.gateway.application.port.out;

/**
 * The event bus between instances could not take an event, or did not confirm it in time. The event
 * may not arrive (and, on a bus that confirms late, may still arrive): assume neither.
 */
public class EventBusUnavailableException extends RuntimeException {

  public EventBusUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
