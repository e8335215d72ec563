package chat.gateway.application.session;

import chat.gateway.application.port.in.ConnectUseCase;
import chat.gateway.application.port.in.LocalDelivery;
import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.application.port.out.ConnectionIdSource;
import chat.gateway.application.port.out.Transport;
import chat.gateway.application.registry.Connection;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.domain.CloseReason;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The application, assembled from its ports: the entry point for sockets ({@link ConnectUseCase}),
 * for pushes routed to this instance ({@link #localDelivery()}), and for shutdown ({@link
 * #closeAll}). Build it with {@link GatewayCoreBuilder}.
 */
public final class GatewayCore implements ConnectUseCase {

  private static final System.Logger LOG = System.getLogger(GatewayCore.class.getName());

  private final SessionServices services;
  private final ConnectionIdSource connectionIds;
  private final LocalDelivery localDelivery;
  private final RequestHandler requests;

  GatewayCore(
      SessionServices services, ConnectionIdSource connectionIds, LocalDelivery localDelivery) {
    this.services = services;
    this.connectionIds = connectionIds;
    this.localDelivery = localDelivery;
    this.requests = new RequestHandler(services);
  }

  public static GatewayCoreBuilder builder() {
    return new GatewayCoreBuilder();
  }

  @Override
  public Optional<SessionEvents> open(Transport transport) {
    ConnectionSession session =
        new ConnectionSession(connectionIds.next(), transport, services, requests);
    if (!services.registry().admit(session)) {
      return Optional.empty();
    }
    session.start();
    return Optional.of(session);
  }

  /** Where a push router hands pushes for users connected to this instance. */
  public LocalDelivery localDelivery() {
    return localDelivery;
  }

  /** Closes every open connection, authenticated or not, for {@code reason}; returns how many. */
  public int closeAll(CloseReason reason) {
    int count = 0;
    for (Connection connection : services.registry().openSockets()) {
      connection.close(reason);
      count++;
    }
    return count;
  }

  /**
   * The instance is shutting down: presence changes are no longer broadcast, so each client's last
   * frame is its close rather than a queue of others' departures.
   */
  public void beginShutdown() {
    services.presence().stopBroadcasting();
  }

  /**
   * Forgets presence of connections the registry no longer holds; returns how many. Runs
   * periodically; never throws.
   */
  public int reconcilePresence() {
    try {
      return services.presence().reconcile(services.registry());
    } catch (Throwable e) {
      LOG.log(Level.ERROR, "presence reconciliation failed; retrying at the next sweep", e);
      return 0;
    }
  }

  /** How many sockets are open, authenticated or not. */
  public int openSockets() {
    return services.registry().openSocketCount();
  }

  /** The connection registry, for metrics and tests. */
  public ConnectionRegistry registry() {
    return services.registry();
  }
}
