package chat.gateway.application.port.out;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.Optional;

/**
 * Carries a push to the connections of a user, on whichever gateway instance holds them. Pushes to
 * one user from one caller thread arrive in the order they were routed. Delivery is best effort: a
 * push to a user with no connection is dropped (the message store is the record; the login push and
 * sync bring back what was missed). Never blocks on a client.
 */
public interface PushRouter {

  /** Pushes {@code payload} (seq 0) to every connection of {@code user} but {@code except}. */
  void push(UserId user, ServerPayload payload, Optional<ConnectionId> except);
}
