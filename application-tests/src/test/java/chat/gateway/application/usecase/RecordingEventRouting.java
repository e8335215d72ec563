package chat.gateway.application.usecase;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.service.EventRouting;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event the services route, in order, for a test to read. */
final class RecordingEventRouting implements EventRouting {

  /** An event and where it was sent: to its targets, to everyone, or to one instance. */
  record Routed(String to, ClusterEvent event) {}

  private final List<Routed> routed = new CopyOnWriteArrayList<>();

  @Override
  public void route(ClusterEvent event) {
    routed.add(new Routed("targets", event));
  }

  @Override
  public void routeToEveryone(ClusterEvent event) {
    routed.add(new Routed("everyone", event));
  }

  @Override
  public void send(InstanceId instance, ClusterEvent event) {
    routed.add(new Routed(instance.value(), event));
  }

  List<ClusterEvent> routedToTargets() {
    return routed.stream().filter(r -> r.to().equals("targets")).map(Routed::event).toList();
  }

  List<Routed> all() {
    return List.copyOf(routed);
  }
}
