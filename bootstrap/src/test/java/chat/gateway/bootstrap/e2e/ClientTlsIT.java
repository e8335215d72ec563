package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.client.CloseAdvice;
import chat.gateway.client.ConnectionClosedException;
import chat.gateway.client.GatewayClient;
import chat.gateway.domain.UserId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client library over wss:// to a gateway with a self-signed certificate. */
class ClientTlsIT {

  @TempDir static Path dir;

  private static TestCertificate certificate;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    certificate = TestCertificate.create(dir);
    gateway =
        GatewayFixture.start(config -> TestCertificate.serving(config, certificate.fromKeystore()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void theClientTrustsTheCertificateFromAPemFileOrAPkcs12Store() throws Exception {
    assertThat(gateway.uri().getScheme()).isEqualTo("wss");
    try (GatewayClient fromPem =
            GatewayClient.builder(gateway.uri())
                .token(() -> gateway.token(63_001))
                .trustStore(certificate.certificatePem(), new char[0])
                .build();
        GatewayClient fromStore =
            GatewayClient.builder(gateway.uri())
                .token(() -> gateway.token(63_002))
                .trustStore(certificate.keystore(), certificate.password().toCharArray())
                .build()) {
      assertThat(fromPem.connect().get(10, TimeUnit.SECONDS)).isEqualTo(UserId.of(63_001));
      assertThat(fromStore.connect().get(10, TimeUnit.SECONDS)).isEqualTo(UserId.of(63_002));
      assertThat(fromPem.sync(0).get(10, TimeUnit.SECONDS).messages()).isEmpty();
    }
  }

  @Test
  void withoutTheCertificateTheHandshakeFailsAndConnectSaysSoWithoutTryingAgain() {
    RecordingListener listener = new RecordingListener();
    try (GatewayClient untrusting =
        GatewayClient.builder(gateway.uri())
            .token(() -> gateway.token(63_003))
            .listener(listener)
            .build()) {
      assertThat(untrusting.connect())
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingCause()
          .isInstanceOfSatisfying(
              ConnectionClosedException.class,
              closed -> {
                assertThat(closed.code()).isEqualTo(CloseAdvice.TLS_HANDSHAKE_FAILURE);
                assertThat(closed.reason()).contains("cannot connect");
              });
      assertThat(CloseAdvice.of(CloseAdvice.TLS_HANDSHAKE_FAILURE))
          .isEqualTo(CloseAdvice.DO_NOT_RECONNECT);
      assertThat(listener.reconnects).isEmpty();
      assertThat(untrusting.state()).isEqualTo(GatewayClient.State.CLOSED);
    }
  }
}
