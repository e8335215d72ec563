package chat.gateway.application.session;

import chat.gateway.application.port.in.AdminUseCase;
import chat.gateway.application.port.in.ConnectUseCase;
import chat.gateway.application.port.in.DrainUseCase;
import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.application.port.out.ConnectionIdSource;
import chat.gateway.application.port.out.Transport;
import chat.gateway.application.registry.Connection;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.application.service.DrainService;
import chat.gateway.application.service.EventDelivery;
import chat.gateway.domain.CloseReason;
import java.lang.System.Logger.Level;
import java.time.Duration;
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
  private final EventDelivery localDelivery;
  private final AdminUseCase admin;
  private final DrainService drain;
  private final Duration livenessTtl;
  private final RequestHandler requests;

  GatewayCore(
      SessionServices services,
      ConnectionIdSource connectionIds,
      EventDelivery localDelivery,
      AdminUseCase admin,
      DrainService drain,
      Duration livenessTtl) {
    this.services = services;
    this.connectionIds = connectionIds;
    this.localDelivery = localDelivery;
    this.admin = admin;
    this.drain = drain;
    this.livenessTtl = livenessTtl;
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
    if (drain.started()) {
      // Upgraded while the drain started: sent on its way like the others.
      session.close(CloseReason.GOING_AWAY);
    }
    return Optional.of(session);
  }

  @Override
  public boolean accepting() {
    return !drain.started();
  }

  /** What an operator sees of the cluster and does to it (the admin API's use case). */
  public AdminUseCase admin() {
    return admin;
  }

  /** Moves this instance's clients to other instances before it is stopped. */
  public DrainUseCase drain() {
    return drain;
  }

  /** Turns events for this instance into frames for its connections. */
  public EventDelivery localDelivery() {
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
   * One round of the instance's upkeep (see {@link
   * chat.gateway.application.service.Membership#maintain}): heartbeat, expiry of dead instances,
   * and taking out connections the registry no longer holds; returns how many were taken out. Runs
   * periodically; never throws.
   */
  public int maintain() {
    try {
      return services.membership().maintain(livenessTtl);
    } catch (Throwable e) {
      LOG.log(Level.ERROR, "instance upkeep failed; retrying at the next round", e);
      return 0;
    }
  }

  /**
   * Leaves the cluster once every connection closed at shutdown: this instance's routes and
   * presence go at once instead of when its liveness lapses.
   */
  public void leaveCluster() {
    services.membership().leaveCluster();
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
