package chat.gateway.application.service;

import chat.gateway.application.port.in.LocalDelivery;
import chat.gateway.application.presence.PresenceAudience;
import chat.gateway.application.registry.Connection;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.Optional;

/** Queues a routed push on this instance's connections of a user. */
public final class PushDelivery implements LocalDelivery {

  private final ConnectionRegistry registry;
  private final PresenceAudience audience;

  public PushDelivery(ConnectionRegistry registry, PresenceAudience audience) {
    this.registry = registry;
    this.audience = audience;
  }

  @Override
  public int deliver(UserId user, ServerPayload payload, Optional<ConnectionId> except) {
    ServerFrame frame = ServerFrame.push(payload);
    int queued = 0;
    for (Connection connection : registry.connectionsOf(user)) {
      if (except.isPresent() && except.get().equals(connection.id())) {
        continue;
      }
      if (payload instanceof ServerPayload.PresencePush presence
          && !audience.hears(connection.id(), presence.userId())) {
        continue;
      }
      if (connection.send(frame)) {
        queued++;
      }
    }
    return queued;
  }
}
