package chat.gateway.adapters.memory;

import chat.gateway.application.port.in.LocalDelivery;
import chat.gateway.application.port.out.PushRouter;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.Optional;

/**
 * The single-process fan-out: every connection is local, so a push is handed straight to local
 * delivery on the caller's thread (which keeps one caller's pushes in order).
 */
public final class InMemoryPushRouter implements PushRouter {

  private final LocalDelivery delivery;

  public InMemoryPushRouter(LocalDelivery delivery) {
    this.delivery = delivery;
  }

  @Override
  public void push(UserId user, ServerPayload payload, Optional<ConnectionId> except) {
    delivery.deliver(user, payload, except);
  }
}
