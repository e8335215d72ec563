package chat.gateway.testsupport.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Short administrative talks with the test Redis (readiness, {@code FLUSHDB}, {@code CONFIG GET})
 * through one Lettuce client of the fixture's own, never through the code under test.
 */
final class RedisProbe {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
  private static final RedisClient CLIENT = client();

  private RedisProbe() {}

  private static RedisClient client() {
    RedisClient client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(false)
            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
            .build());
    return client;
  }

  /** Runs {@code command} on a fresh connection to {@code uri} and closes it. */
  static <T> T call(RedisURI uri, Function<RedisCommands<String, String>, T> command) {
    RedisURI timed = RedisURI.builder(uri).withTimeout(COMMAND_TIMEOUT).build();
    try (StatefulRedisConnection<String, String> connection = CLIENT.connect(timed)) {
      return command.apply(connection.sync());
    }
  }

  /**
   * Waits until {@code uri} answers {@code PING}.
   *
   * @param alive false once the server can no longer come up (its process ended); then it fails at
   *     once with {@code why}
   */
  static void await(RedisURI uri, Supplier<Boolean> alive, Supplier<String> why) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if ("PONG".equals(call(uri, RedisCommands::ping))) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (!alive.get()) {
        throw new IllegalStateException(
            "Redis at " + uri.getHost() + ":" + uri.getPort() + " ended: " + why.get(), last);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Redis", e);
      }
    }
    throw new IllegalStateException(
        "Redis at "
            + uri.getHost()
            + ":"
            + uri.getPort()
            + " did not answer PING in "
            + PATIENCE.toSeconds()
            + " s: "
            + why.get(),
        last);
  }

  /** True when something answers {@code PING} at {@code uri} right now. */
  static boolean answers(RedisURI uri) {
    try {
      return "PONG".equals(call(uri, RedisCommands::ping));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Ends the fixture's client at JVM exit. */
  static void shutdown() {
    try {
      CLIENT.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    } catch (RuntimeException e) {
      // exiting anyway
    }
  }
}
