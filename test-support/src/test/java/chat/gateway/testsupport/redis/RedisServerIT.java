package chat.gateway.testsupport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisServerIT {

  private static RedisClient client;
  private final RedisServer server = RedisServer.shared();

  @BeforeAll
  static void client() {
    client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(false)
            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
            .build());
  }

  @AfterAll
  static void closeClient() {
    client.shutdown();
  }

  @Test
  void isOneServerPerJvm() {
    assertThat(RedisServer.shared()).isSameAs(server);
    assertThat(server.isRunning()).isTrue();
    assertThat(server.name()).isEqualTo("Redis");
  }

  @Test
  void answersPingAndKeepsWhatIsSet() {
    RedisNamespace namespace = server.newNamespace();
    try (StatefulRedisConnection<String, String> connection =
        client.connect(namespace.redisUri())) {
      RedisCommands<String, String> redis = connection.sync();
      assertThat(redis.ping()).isEqualTo("PONG");
      assertThat(redis.set("greeting", "héllo")).isEqualTo("OK");
      assertThat(redis.get("greeting")).isEqualTo("héllo");
    }
  }

  @Test
  void eachNamespaceIsItsOwnEmptyDatabase() {
    RedisNamespace first = server.newNamespace();
    RedisNamespace second = server.newNamespace();
    assertThat(first.database()).isNotEqualTo(second.database()).isPositive();
    assertThat(second.database()).isPositive();
    assertThat(first.uri()).startsWith("redis://").endsWith("/" + first.database());

    try (StatefulRedisConnection<String, String> one = client.connect(first.redisUri());
        StatefulRedisConnection<String, String> two = client.connect(second.redisUri())) {
      one.sync().set("shared-name", "first");
      assertThat(two.sync().get("shared-name")).isNull();
      assertThat(two.sync().dbsize()).isZero();
      assertThat(one.sync().dbsize()).isEqualTo(1);
    }
  }

  @Test
  void stopsAndStartsAgainEmptyOnTheSamePort() {
    assumeTrue(server.canRestart(), "an existing server is never stopped by the tests");
    RedisNamespace namespace = server.newNamespace();
    try (StatefulRedisConnection<String, String> connection =
        client.connect(namespace.redisUri())) {
      connection.sync().set("before-the-outage", "1");
    }
    int port = server.port();

    server.stop();
    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> client.connect(namespace.redisUri()).close())
        .isInstanceOf(RedisConnectionException.class);

    server.start();
    assertThat(server.isRunning()).isTrue();
    assertThat(server.port()).isEqualTo(port);
    try (StatefulRedisConnection<String, String> connection =
        client.connect(namespace.redisUri())) {
      RedisCommands<String, String> redis = connection.sync();
      assertThat(redis.ping()).isEqualTo("PONG");
      assertThat(redis.get("before-the-outage")).isNull();
      assertThat(redis.set("after-the-outage", "2")).isEqualTo("OK");
    }
  }

  @Test
  void aServerItDidNotStartIsNeverStopped() {
    assumeTrue(!server.canRestart(), "only for " + RedisServer.URL_VARIABLE);
    assertThatThrownBy(server::stop).isInstanceOf(UnsupportedOperationException.class);
    assertThat(RedisURI.create(server.redisUri().toURI().toString()).getPort())
        .isEqualTo(server.port());
  }
}
