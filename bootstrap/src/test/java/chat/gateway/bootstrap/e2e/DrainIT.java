package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.application.port.in.DrainProgress;
import chat.gateway.application.port.in.DrainUseCase;
import chat.gateway.application.service.DrainPace;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A drain of one gateway in this JVM: not ready and refusing upgrades from its first moment, then
 * every connection closed with 1001, and the instance left up with none.
 */
class DrainIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final GatewayFixture gateway =
      GatewayFixture.start(
          config ->
              config.withServer(
                  config
                      .server()
                      .withDrain(
                          new DrainPace(2, Duration.ofMillis(100), Duration.ofMillis(300)))));

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void readyzTurns503AtOnceNewUpgradesAreRefusedAndEveryConnectionClosesWith1001()
      throws Exception {
    List<TestClient> clients =
        List.of(gateway.login(4001), gateway.login(4002), gateway.login(4003), gateway.connect());
    await().atMost(Duration.ofSeconds(5)).until(() -> gateway.gateway().openConnections() == 4);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    DrainUseCase drain = gateway.gateway().drain();

    DrainProgress started = drain.start();

    HttpResponse<String> readyz = get("/readyz");
    assertThat(readyz.statusCode()).isEqualTo(503);
    assertThat(readyz.body()).isEqualTo("draining\n");
    assertThat(started.state()).isEqualTo(DrainProgress.State.DRAINING);
    assertThat(started.connectionsAtStart()).isEqualTo(4);
    assertThat(upgradeResponse())
        .startsWith("HTTP/1.1 503")
        .contains("draining: this instance takes no new connections, connect to another one");
    assertThat(clients).allSatisfy(client -> assertThat(client.awaitClose()).isEqualTo(1001));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> drain.progress().state() == DrainProgress.State.DRAINED);
    assertThat(drain.progress().closed()).isEqualTo(4);
    assertThat(gateway.gateway().openConnections()).isZero();
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(drain.start().state()).isEqualTo(DrainProgress.State.DRAINED);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(gateway.http(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The raw answer to an upgrade request, read until the gateway closes the socket. */
  private String upgradeResponse() throws Exception {
    URI uri = gateway.uri();
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      + "Sec-WebSocket-Version: 13\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
