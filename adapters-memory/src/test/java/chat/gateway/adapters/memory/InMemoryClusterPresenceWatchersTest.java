package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.testsupport.ClusterPresenceWatchersContract;
import java.time.InstantSource;

class InMemoryClusterPresenceWatchersTest extends ClusterPresenceWatchersContract {

  private final InMemoryCluster cluster = new InMemoryCluster(InstantSource.system());

  @Override
  protected RoutingTable routingTable(InstanceId instance) {
    return cluster.routingTable(instance);
  }

  @Override
  protected PresenceWatchers watchers(InstanceId instance) {
    return cluster.watchers(instance);
  }
}
