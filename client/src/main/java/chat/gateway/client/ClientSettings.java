package chat.gateway.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/** What a {@link GatewayClientBuilder} collected, checked. */
record ClientSettings(
    URI uri,
    Supplier<String> token,
    Optional<SSLContext> sslContext,
    Duration heartbeatInterval,
    Duration pongTimeout,
    Duration connectTimeout,
    Duration requestTimeout,
    boolean autoAckDelivered,
    Optional<ReconnectPolicy> reconnect,
    ClientListener listener,
    String threadName,
    Optional<ClientResources> resources) {

  ClientSettings {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(token, "token supplier");
    Objects.requireNonNull(sslContext, "sslContext");
    Objects.requireNonNull(reconnect, "reconnect");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(threadName, "threadName");
    Objects.requireNonNull(resources, "resources");
    if (resources.isPresent() && sslContext.isPresent()) {
      throw new IllegalArgumentException(
          "a client on shared ClientResources uses their TLS context:"
              + " set sslContext or trustStore on ClientResources.builder() instead");
    }
    if (resources.isPresent() && resources.get().isClosed()) {
      throw new IllegalArgumentException("the shared ClientResources are closed");
    }
    String scheme = uri.getScheme();
    if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("the gateway URI must be ws:// or wss://, got " + uri);
    }
    positive(heartbeatInterval, "heartbeat interval");
    positive(pongTimeout, "pong timeout");
    positive(connectTimeout, "connect timeout");
    positive(requestTimeout, "request timeout");
  }

  private static void positive(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + duration);
    }
  }
}
