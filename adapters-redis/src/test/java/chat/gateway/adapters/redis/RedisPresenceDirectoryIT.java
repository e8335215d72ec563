package chat.gateway.adapters.redis;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.testsupport.PresenceDirectoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The presence directory contract on the real Redis of the test fixture. */
class RedisPresenceDirectoryIT extends PresenceDirectoryContract {

  private static RedisCluster cluster;

  @BeforeAll
  static void open() {
    cluster = TestClusters.open();
  }

  @AfterAll
  static void close() {
    cluster.close();
  }

  @Override
  protected RoutingTable routingTable(InstanceId instance) {
    return cluster.routingTable(instance);
  }

  @Override
  protected PresenceDirectory presence(InstanceId instance) {
    return cluster.presence(instance);
  }
}
