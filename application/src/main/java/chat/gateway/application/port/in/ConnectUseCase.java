package chat.gateway.application.port.in;

import chat.gateway.application.port.out.Transport;
import java.util.Optional;

/** Sockets opening on this instance. */
public interface ConnectUseCase {

  /**
   * A socket opened. Returns the session that handles it from now on, or empty when the instance
   * already holds as many connections as it may (the caller closes the socket as server-full). A
   * socket that opens while the instance drains gets a session that closes it at once with 1001.
   */
  Optional<SessionEvents> open(Transport transport);

  /**
   * Whether the instance takes new connections: false from the moment a drain starts, and for good.
   * The socket adapter asks before each upgrade and refuses it while this is false. True unless
   * overridden.
   */
  default boolean accepting() {
    return true;
  }
}
