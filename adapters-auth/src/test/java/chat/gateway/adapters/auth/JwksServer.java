package chat.gateway.adapters.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Serves a JWK set over HTTP on a free local port; the served set and behaviour can change. */
final class JwksServer implements AutoCloseable {

  private final HttpServer server;
  private final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
  private final AtomicInteger requests = new AtomicInteger();
  // Released on close, so a delayed handler does not hold up server shutdown.
  private final CountDownLatch closed = new CountDownLatch(1);

  JwksServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks.json", this::handle);
    server.start();
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/jwks.json";
  }

  void serve(List<? extends JWK> keys) {
    body.set(new JWKSet(List.copyOf(keys)).toString(true));
  }

  void serveRaw(int statusCode, String rawBody) {
    status.set(statusCode);
    body.set(rawBody);
  }

  void delayResponses(Duration duration) {
    delay.set(duration);
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      if (closed.await(delay.get().toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status.get(), bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
