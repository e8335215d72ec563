package chat.gateway.adapters.redis;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.testsupport.RoutingTableSessionsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The operator's reads of the routing table on the real Redis of the test fixture. */
class RedisRoutingTableSessionsIT extends RoutingTableSessionsContract {

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
}
