package chat.gateway.application.service;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.application.presence.PresenceAudience;
import chat.gateway.application.registry.Connection;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns a cluster event into frames for this instance's connections of its targets: the one place
 * where an event becomes what a client sees. Never blocks: a connection whose queue has no room is
 * closed as a slow consumer and gets what it missed at its next login.
 */
public final class EventDelivery implements Consumer<ClusterEvent> {

  /** Users whose newest presence version this instance remembers. */
  static final int PRESENCE_VERSIONS = 100_000;

  private final ConnectionRegistry registry;
  private final PresenceAudience audience;
  private final GatewayMetrics metrics;
  private final InstantSource clock;
  private final PresenceVersions versions = new PresenceVersions(PRESENCE_VERSIONS);
  private volatile boolean presence = true;

  public EventDelivery(ConnectionRegistry registry, PresenceAudience audience) {
    this(registry, audience, GatewayMetrics.none(), InstantSource.system());
  }

  /**
   * Reports the chats it queues to {@code metrics}, and how long after their acceptance by {@code
   * clock}.
   */
  public EventDelivery(
      ConnectionRegistry registry,
      PresenceAudience audience,
      GatewayMetrics metrics,
      InstantSource clock) {
    this.registry = registry;
    this.audience = audience;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void accept(ClusterEvent event) {
    deliver(event);
  }

  /** Returns how many connections the event was queued for or acted on. */
  public int deliver(ClusterEvent event) {
    return switch (event) {
      case ClusterEvent.MessageStored stored -> {
        ServerFrame frame = ServerFrame.push(new ServerPayload.ChatPush(stored.message()));
        int queued = 0;
        for (Connection connection : connectionsOf(stored.targets())) {
          if (stored.except().filter(connection.id()::equals).isEmpty() && connection.send(frame)) {
            queued++;
          }
        }
        metrics.messagesPushed(GatewayMetrics.PushPath.LIVE, queued);
        if (queued > 0) {
          long millis = clock.millis() - stored.message().createdAt().toEpochMilli();
          metrics.chatPushDelay(TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis)));
        }
        yield queued;
      }
      case ClusterEvent.ReceiptAdvanced receipt ->
          sendToAll(
              connectionsOf(receipt.targets()),
              ServerFrame.push(
                  new ServerPayload.ReceiptPush(
                      receipt.messageId(), receipt.reader(), receipt.status())));
      case ClusterEvent.PresenceChanged change -> presence(change);
      case ClusterEvent.Evict evict -> {
        int closed = 0;
        for (Connection connection : connectionsOf(evict.targets())) {
          if (connection.id().equals(evict.connection())) {
            connection.close(CloseReason.REPLACED);
            closed++;
          }
        }
        yield closed;
      }
      case ClusterEvent.Kick kick -> {
        int closed = 0;
        for (Connection connection : connectionsOf(kick.targets())) {
          if (kick.connection().map(connection.id()::equals).orElse(true)) {
            connection.close(kick.closeReason());
            closed++;
          }
        }
        yield closed;
      }
    };
  }

  /**
   * Stops presence pushes to this instance's connections: once it shuts down they are about to
   * close, and each client's last frame should be its close, not a queue of others' departures.
   */
  public void stopPresence() {
    presence = false;
  }

  private int presence(ClusterEvent.PresenceChanged change) {
    if (!presence || !versions.advance(change.subject(), change.version())) {
      return 0;
    }
    ServerFrame frame =
        ServerFrame.push(new ServerPayload.PresencePush(change.subject(), change.status()));
    Collection<Connection> audienceHere =
        change.targets().isEmpty() ? registry.authenticated() : connectionsOf(change.targets());
    int queued = 0;
    for (Connection connection : audienceHere) {
      if (!presence) {
        break;
      }
      UserId owner = connection.user();
      if (!owner.equals(change.subject())
          && audience.hears(connection.id(), change.subject())
          && connection.sendPresence(frame, change.subject(), change.version())) {
        queued++;
      }
    }
    return queued;
  }

  private List<Connection> connectionsOf(Collection<UserId> users) {
    if (users.size() == 1) {
      return registry.connectionsOf(users.iterator().next());
    }
    List<Connection> connections = new ArrayList<>();
    for (UserId user : users) {
      connections.addAll(registry.connectionsOf(user));
    }
    return connections;
  }

  private static int sendToAll(List<Connection> connections, ServerFrame frame) {
    int queued = 0;
    for (Connection connection : connections) {
      if (connection.send(frame)) {
        queued++;
      }
    }
    return queued;
  }
}
