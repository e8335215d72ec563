package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.testsupport.RoutingTableContract;
import java.time.InstantSource;

class InMemoryRoutingTableTest extends RoutingTableContract {

  private final InMemoryCluster cluster = new InMemoryCluster(InstantSource.system());

  @Override
  protected RoutingTable routingTable(InstanceId instance) {
    return cluster.routingTable(instance);
  }
}
