package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.testsupport.RoutingTableSessionsContract;
import java.time.InstantSource;

class InMemoryRoutingTableSessionsTest extends RoutingTableSessionsContract {

  private final InMemoryCluster cluster = new InMemoryCluster(InstantSource.system());

  @Override
  protected RoutingTable routingTable(InstanceId instance) {
    return cluster.routingTable(instance);
  }
}
