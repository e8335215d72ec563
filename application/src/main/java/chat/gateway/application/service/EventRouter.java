package chat.gateway.application.service;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.domain.UserId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Carries a cluster event to the connections of its targets, wherever they are. This instance's own
 * connections get it directly; each other instance that holds a target, as the routing table says,
 * gets one event with only the targets it holds. One chat therefore costs one lookup and one
 * publish per instance holding its users, however many instances run.
 *
 * <p>Delivery is best effort, as the store is the record: when the routing table or the bus is
 * down, this instance's connections still get their events, the others catch up by the login push
 * and sync, and the outage is logged once.
 */
public final class EventRouter implements EventRouting {

  private static final System.Logger LOG = System.getLogger(EventRouter.class.getName());

  private final RoutingTable routes;
  private final EventBus bus;
  private final EventDelivery local;
  private final OutageLog routingOutage =
      new OutageLog(
          LOG,
          "routing lookup",
          "pushes reach this instance's connections only; the others catch up by sync");
  private final OutageLog busOutage =
      new OutageLog(
          LOG,
          "publishing to other instances",
          "their clients catch up by the login push and sync");

  public EventRouter(RoutingTable routes, EventBus bus, EventDelivery local) {
    this.routes = routes;
    this.bus = bus;
    this.local = local;
  }

  @Override
  public void route(ClusterEvent event) {
    local.deliver(event);
    lookUp(event.targets()).ifPresent(where -> publishElsewhere(event, where));
  }

  /** As {@link #route} of each event, with one routing lookup for all of their targets. */
  @Override
  public void routeAll(List<? extends ClusterEvent> events) {
    if (events.size() == 1) {
      route(events.getFirst());
      return;
    }
    Set<UserId> targets = new HashSet<>();
    for (ClusterEvent event : events) {
      local.deliver(event);
      targets.addAll(event.targets());
    }
    lookUp(targets).ifPresent(where -> events.forEach(event -> publishElsewhere(event, where)));
  }

  /** Where {@code users} are connected; empty when the routing table cannot say. */
  private Optional<Map<UserId, Set<InstanceId>>> lookUp(Collection<UserId> users) {
    try {
      Map<UserId, Set<InstanceId>> where = routes.instancesOf(users);
      routingOutage.succeeded();
      return Optional.of(where);
    } catch (RuntimeException e) {
      routingOutage.failed(e);
      return Optional.empty();
    }
  }

  /**
   * Publishes {@code event} to each other instance holding one of its targets, per {@code where}.
   */
  private void publishElsewhere(ClusterEvent event, Map<UserId, Set<InstanceId>> where) {
    // Built only when another instance holds a target: on a single instance, never.
    Map<InstanceId, Set<UserId>> byInstance = null;
    InstanceId self = routes.self();
    for (UserId target : event.targets()) {
      for (InstanceId instance : where.getOrDefault(target, Set.of())) {
        if (!instance.equals(self)) {
          if (byInstance == null) {
            byInstance = new HashMap<>();
          }
          byInstance.computeIfAbsent(instance, i -> new HashSet<>()).add(target);
        }
      }
    }
    if (byInstance != null) {
      byInstance.forEach((instance, users) -> publish(instance, event.withTargets(users)));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>This instance's connections get it directly, the others by one broadcast on the bus; the
   * copy that comes back to this instance is dropped by the presence version it carries.
   */
  @Override
  public void routeToEveryone(ClusterEvent event) {
    if (!(event instanceof ClusterEvent.PresenceChanged) || !event.targets().isEmpty()) {
      throw new IllegalArgumentException("only a presence change without targets goes to everyone");
    }
    local.deliver(event);
    try {
      bus.broadcast(event).whenComplete(this::published);
    } catch (RuntimeException e) {
      busOutage.failed(e);
    }
  }

  /** Sends to this instance directly, to another through the bus. */
  @Override
  public void send(InstanceId instance, ClusterEvent event) {
    if (instance.equals(routes.self())) {
      local.deliver(event);
    } else {
      publish(instance, event);
    }
  }

  private void publish(InstanceId instance, ClusterEvent event) {
    try {
      bus.publish(instance, event).whenComplete(this::published);
    } catch (RuntimeException e) {
      busOutage.failed(e);
    }
  }

  private void published(Void done, Throwable failure) {
    if (failure == null) {
      busOutage.succeeded();
    } else {
      busOutage.failed(failure);
    }
  }
}
