package chat.gateway.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.EventBusContract;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The contract on one hub shared by every instance of the test. */
class InMemoryEventBusTest extends EventBusContract {

  @Override
  protected Cluster newCluster() {
    InMemoryEventBus hub = new InMemoryEventBus();
    return new Cluster() {
      @Override
      public EventBus bus(InstanceId instance) {
        return hub;
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void aForgottenInstanceThatRejoinsGetsItsEventsAgain() {
    InMemoryEventBus hub = new InMemoryEventBus();
    InstanceId paused = new InstanceId("paused");
    List<ClusterEvent> received = new CopyOnWriteArrayList<>();
    hub.subscribe(paused, received::add);
    hub.forget(paused);
    ClusterEvent whileForgotten = evict(1);
    hub.publish(paused, whileForgotten);

    hub.rejoin(paused);
    hub.rejoin(paused);
    hub.rejoin(new InstanceId("never-subscribed"));
    ClusterEvent afterwards = evict(2);
    hub.publish(paused, afterwards);

    assertThat(received).containsExactly(afterwards);
  }

  private static ClusterEvent evict(long user) {
    return new ClusterEvent.Evict(Set.of(UserId.of(user)), new ConnectionId("c" + user));
  }
}
