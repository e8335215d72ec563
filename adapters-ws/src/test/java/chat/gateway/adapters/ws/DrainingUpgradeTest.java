package chat.gateway.adapters.ws;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.in.ConnectUseCase;
import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.application.port.out.Transport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * While the application takes no new connections (its instance drains), an upgrade is answered with
 * 503 and a body saying so, and never reaches the application; other routes keep answering.
 */
class DrainingUpgradeTest {

  private final AtomicBoolean accepting = new AtomicBoolean(true);
  private final CompletableFuture<Transport> opened = new CompletableFuture<>();
  private final WebSocketServer server =
      WebSocketServer.builder()
          .host("127.0.0.1")
          .port(0)
          .connect(new Sessions())
          .route("/readyz", exchange -> exchange.getResponseSender().send("ready\n"))
          .build()
          .start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anUpgradeWhileDrainingGets503AndNoSession() throws Exception {
    accepting.set(false);

    String response = request(UPGRADE);

    assertThat(response)
        .startsWith("HTTP/1.1 503")
        .contains("draining: this instance takes no new connections, connect to another one");
    assertThat(opened).isNotDone();
    assertThat(request("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void anUpgradeWhileAcceptingBecomesAConnection() throws Exception {
    assertThat(request(UPGRADE)).startsWith("HTTP/1.1 101");
    assertThat(opened.get(5, TimeUnit.SECONDS)).isNotNull();
  }

  private static final String UPGRADE =
      "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

  /** Sends {@code request}; returns the response's head, and its body when the server closes. */
  private String request(String request) throws Exception {
    try (Socket client = new Socket()) {
      client.connect(new InetSocketAddress("127.0.0.1", server.port()));
      client.setSoTimeout(5_000);
      OutputStream out = client.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = client.getInputStream();
      StringBuilder response = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        response.append((char) b);
        if (response.toString().startsWith("HTTP/1.1 101")
            && response.toString().endsWith("\r\n\r\n")) {
          break;
        }
      }
      return response.toString();
    }
  }

  private final class Sessions implements ConnectUseCase {
    @Override
    public Optional<SessionEvents> open(Transport transport) {
      opened.complete(transport);
      return Optional.of(new IgnoringSession());
    }

    @Override
    public boolean accepting() {
      return accepting.get();
    }
  }
}
