package chat.gateway.adapters.ws;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.application.port.out.Transport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the application learns of a client at the upgrade, for operators: its address, and its
 * User-Agent cut at {@link SessionInfo#MAX_USER_AGENT} characters (the one header kept once the
 * upgrade's headers are let go).
 */
class WsSessionInfoTest {

  private final CompletableFuture<Transport> opened = new CompletableFuture<>();
  private final WebSocketServer server =
      WebSocketServer.builder()
          .host("127.0.0.1")
          .port(0)
          .connect(
              transport -> {
                opened.complete(transport);
                return Optional.of(new IgnoringSession());
              })
          .build()
          .start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theAddressAndALongUserAgentCutAtItsBoundReachTheApplication() throws Exception {
    String userAgent = "chat-android/7.2 " + "x".repeat(2 * SessionInfo.MAX_USER_AGENT);
    try (Socket client = new Socket()) {
      client.connect(new InetSocketAddress("127.0.0.1", server.port()));
      upgrade(client, "User-Agent: " + userAgent + "\r\n");

      Transport transport = opened.get(5, TimeUnit.SECONDS);

      assertThat(transport.userAgent())
          .hasSize(SessionInfo.MAX_USER_AGENT)
          .isEqualTo(userAgent.substring(0, SessionInfo.MAX_USER_AGENT));
      assertThat(transport.remoteAddress())
          .contains("127.0.0.1")
          .endsWith(":" + client.getLocalPort());
    }
  }

  @Test
  void aClientWithoutAUserAgentHasAnEmptyOne() throws Exception {
    try (Socket client = new Socket()) {
      client.connect(new InetSocketAddress("127.0.0.1", server.port()));
      upgrade(client, "");

      assertThat(opened.get(5, TimeUnit.SECONDS).userAgent()).isEmpty();
    }
  }

  private static void upgrade(Socket client, String extraHeaders) throws Exception {
    OutputStream out = client.getOutputStream();
    out.write(
        ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + extraHeaders
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = client.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the upgrade response").isNotNegative();
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
  }
}
