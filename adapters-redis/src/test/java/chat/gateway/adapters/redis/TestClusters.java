package chat.gateway.adapters.redis;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.testsupport.redis.RedisNamespace;
import chat.gateway.testsupport.redis.RedisServer;
import java.time.Duration;

/**
 * Opens a {@link RedisCluster} on a fresh namespace (logical database) of the shared test Redis.
 */
final class TestClusters {

  private TestClusters() {}

  static RedisSettings settings(Duration commandTimeout) {
    RedisNamespace namespace = RedisServer.shared().newNamespace();
    return new RedisSettings(namespace.uri(), commandTimeout, RedisSettings.DEFAULT_KEY_PREFIX);
  }

  /** A cluster link of its own; other instances' views share its connection. */
  static RedisCluster open() {
    return RedisCluster.open(settings(Duration.ofSeconds(5)), new InstanceId("test-main"));
  }
}
