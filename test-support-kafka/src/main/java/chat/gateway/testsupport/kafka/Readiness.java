package chat.gateway.testsupport.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * Waits until a broker answers an Admin {@code describeCluster} with at least one live broker: in
 * KRaft mode a broker lists itself only once the controller has unfenced it, after which it takes
 * produce requests.
 */
final class Readiness {

  static final long PATIENCE_MILLIS = 60_000;

  private Readiness() {}

  /**
   * @param deathNotice checked between attempts; when it gives a message, waiting stops at once
   *     with it (a child process that died, with its output)
   */
  static void await(String bootstrapServers, Supplier<String> deathNotice) {
    long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
    Exception last = null;
    try (Admin admin = Admin.create(adminSettings(bootstrapServers))) {
      while (System.currentTimeMillis() < deadline) {
        String death = deathNotice.get();
        if (death != null) {
          throw new IllegalStateException(death);
        }
        try {
          Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          if (!nodes.isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + bootstrapServers, e);
        }
        sleep(100);
      }
    }
    throw new IllegalStateException(
        "Kafka at "
            + bootstrapServers
            + " did not list a live broker in "
            + PATIENCE_MILLIS
            + " ms",
        last);
  }

  static Map<String, Object> adminSettings(String bootstrapServers) {
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }
}
