package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.testsupport.PresenceDirectoryContract;
import java.time.InstantSource;

class InMemoryPresenceDirectoryTest extends PresenceDirectoryContract {

  private final InMemoryCluster cluster = new InMemoryCluster(InstantSource.system());

  @Override
  protected RoutingTable routingTable(InstanceId instance) {
    return cluster.routingTable(instance);
  }

  @Override
  protected PresenceDirectory presence(InstanceId instance) {
    return cluster.presence(instance);
  }
}
