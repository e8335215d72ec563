package chat.gateway.application.port.in;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.Optional;

/**
 * Hands a routed push to the connections of a user on this instance. A push router calls it on the
 * instance that holds the connections. Never blocks: a connection whose queue is full is closed as
 * a slow consumer and gets what it missed at its next login.
 */
public interface LocalDelivery {

  /** Returns how many connections the push was queued for. */
  int deliver(UserId user, ServerPayload payload, Optional<ConnectionId> except);
}
