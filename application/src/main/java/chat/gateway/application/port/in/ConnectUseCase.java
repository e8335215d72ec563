package chat.gateway.application.port.in;

import chat.gateway.application.port.out.Transport;
import java.util.Optional;

/**
 * A socket opened. Returns the session that handles it from now on, or empty when the instance
 * already holds as many connections as it may (the caller closes the socket as server-full).
 */
public interface ConnectUseCase {

  Optional<SessionEvents> open(Transport transport);
}
