package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.bootstrap.GatewayConfig;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wss:// with a certificate from a PKCS#12 keystore and from PEM files. */
class TlsIT {

  @TempDir static Path dir;

  private static TestCertificate certificate;

  @BeforeAll
  static void makeCertificate() throws Exception {
    certificate = TestCertificate.create(dir);
  }

  @Test
  void aClientConnectsOverWssWithAPkcs12Keystore() throws Exception {
    check(certificate.fromKeystore());
  }

  @Test
  void aClientConnectsOverWssWithPemFiles() throws Exception {
    check(certificate.fromPem());
  }

  private static void check(GatewayConfig.Tls tls) throws Exception {
    try (GatewayFixture gateway =
        GatewayFixture.start(config -> TestCertificate.serving(config, tls))) {
      assertThat(gateway.uri().getScheme()).isEqualTo("wss");
      HttpClient client = HttpClient.newBuilder().sslContext(certificate.trusting()).build();
      try (TestClient socket = TestClient.connect(client, gateway.uri(), Map.of())) {
        assertThat(socket.auth(gateway.token(4001)).success()).isTrue();
        long seq = socket.send(new ClientPayload.Ping());
        assertThat(socket.await(FrameType.PONG).seq()).isEqualTo(seq);
        // The upgraded TLS socket no longer counts against the handshake cap.
        assertThat(gateway.gateway().pendingHandshakes()).isZero();
      }
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(gateway.http("/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }
}
