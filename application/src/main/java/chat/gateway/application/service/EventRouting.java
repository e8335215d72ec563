package chat.gateway.application.service;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.InstanceId;
import java.util.List;

/** Where the services hand the events they cause: see {@link EventRouter}. */
public interface EventRouting {

  /** Delivers {@code event} to every connection of its targets in the cluster. */
  void route(ClusterEvent event);

  /**
   * {@link #route} of each of {@code events}, in order; an implementation may look their targets up
   * together (a batch Ack's receipts).
   */
  default void routeAll(List<? extends ClusterEvent> events) {
    events.forEach(this::route);
  }

  /**
   * Delivers {@code event}, a presence change that names no targets, to every connection of every
   * instance (audience {@code all}).
   */
  void routeToEveryone(ClusterEvent event);

  /** Sends {@code event} to one instance's connections of its targets. */
  void send(InstanceId instance, ClusterEvent event);
}
