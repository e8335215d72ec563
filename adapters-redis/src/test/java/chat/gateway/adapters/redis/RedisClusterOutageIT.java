package chat.gateway.adapters.redis;

import static chat.gateway.testsupport.Connections.aSession;
import static chat.gateway.testsupport.Connections.randomConnection;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.engine.FreePort;
import chat.gateway.testsupport.redis.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What the Redis views do when Redis goes away, and comes back empty. */
class RedisClusterOutageIT {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Duration TTL = Duration.ofMinutes(5);

  private final RedisServer server = RedisServer.shared();

  @Test
  void callsFailWithinTheTimeoutWhileRedisIsDownAndWorkAgainWhenItIsBack() {
    assumeTrue(server.canRestart(), "an existing server is never stopped by the tests");
    InstanceId self = new InstanceId("outage");
    UserId user = randomUser();
    ConnectionId phone = randomConnection();
    try (RedisCluster cluster = RedisCluster.open(TestClusters.settings(TIMEOUT), self)) {
      RoutingTable routes = cluster.routingTable();
      PresenceDirectory presence = cluster.presence();
      assertThat(routes.heartbeat(TTL)).isTrue();
      routes.attach(user, phone, aSession(), 3);
      presence.connected(user, phone);
      assertThat(cluster.reachable()).isTrue();

      server.stop();
      try {
        String address = server.host() + ":" + server.port();
        assertUnavailableInTime(() -> routes.instancesOf(List.of(user)), address);
        assertUnavailableInTime(() -> routes.heartbeat(TTL), address);
        assertUnavailableInTime(
            () -> routes.attach(user, randomConnection(), aSession(), 3), address);
        assertUnavailableInTime(() -> presence.statusOf(List.of(user)), address);
        assertUnavailableInTime(() -> cluster.watchers().watchersOf(user), address);
        assertThat(cluster.reachable()).isFalse();
      } finally {
        server.start();
      }

      // Redis came back empty: the next beat says so, and the core attaches again.
      await("the connection to come back")
          .atMost(Duration.ofSeconds(20))
          .ignoreException(ClusterStateUnavailableException.class)
          .until(() -> routes.heartbeat(TTL));
      assertThat(cluster.reachable()).isTrue();
      assertThat(routes.attached(user, phone)).isFalse();
      assertThat(routes.attach(user, phone, aSession(), 3)).isEmpty();
      assertThat(routes.attach(user, phone, aSession(), 3)).as("attach is idempotent").isEmpty();
      assertThat(routes.instancesOf(List.of(user))).containsEntry(user, Set.of(self));
      assertThat(presence.connected(user, phone).map(change -> change.status()))
          .contains(PresenceStatus.ONLINE);
      assertThat(presence.statusOf(List.of(user))).containsEntry(user, PresenceStatus.ONLINE);
    }
  }

  @Test
  void openingFailsClearlyWhenNothingListensAndNeverShowsThePassword() {
    int port = FreePort.find();
    RedisSettings settings =
        new RedisSettings(
            "redis://:s3cret-pass@127.0.0.1:" + port, TIMEOUT, RedisSettings.DEFAULT_KEY_PREFIX);

    assertThatThrownBy(() -> RedisCluster.open(settings, new InstanceId("nowhere")))
        .isInstanceOf(ClusterStateUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageNotContaining("s3cret-pass");
  }

  private static void assertUnavailableInTime(Executable call, String address) {
    long started = System.nanoTime();
    assertThatThrownBy(call::execute)
        .isInstanceOf(ClusterStateUnavailableException.class)
        .hasMessageContaining(address);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    // The bound is the timeout, plus room for a loaded machine; an unbounded wait would hang.
    assertThat(took).isLessThan(TIMEOUT.plusSeconds(5));
  }
}
