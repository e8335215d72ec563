package chat.gateway.bootstrap.e2e;

import chat.gateway.client.GatewayClient;
import chat.gateway.client.GatewayClientBuilder;
import chat.gateway.client.ReconnectPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The reconnect tests' client settings: a cut connection is noticed within a second and the client
 * comes back within a fraction of one, so a test of many cuts stays short.
 */
final class QuickReconnect {

  static final Duration INITIAL = Duration.ofMillis(50);
  static final Duration MAX = Duration.ofMillis(400);

  /** The protocol's schedule (×1.5, ±20%) on a shorter scale: 50 ms up to 400 ms. */
  static final ReconnectPolicy POLICY = ReconnectPolicy.defaults().withDelays(INITIAL, MAX);

  private QuickReconnect() {}

  /** A client of {@code uri} with these settings, reporting to {@code listener}. */
  static GatewayClientBuilder client(URI uri, Supplier<String> tokens, RecordingListener listener) {
    return GatewayClient.builder(uri)
        .token(tokens)
        .heartbeatInterval(Duration.ofMillis(200))
        // A cut connection is not always reported by the JDK client: the heartbeat finds it.
        .pongTimeout(Duration.ofSeconds(1))
        .reconnectPolicy(POLICY)
        .listener(listener);
  }
}
