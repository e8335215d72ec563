package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.bootstrap.GatewayConfig;
import chat.gateway.client.ConnectionClosedException;
import chat.gateway.client.GatewayClient;
import chat.gateway.domain.UserId;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client library over wss:// to a gateway with a self-signed certificate. */
class ClientTlsIT {

  private static final String PASSWORD = "changeit";

  @TempDir static Path dir;

  private static Path keystore;
  private static Path pem;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    keystore = dir.resolve("gateway.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "gateway",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    byte[] der = store.getCertificate("gateway").getEncoded();
    pem =
        Files.writeString(
            dir.resolve("gateway.pem"),
            "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE-----\n");
    GatewayConfig.Tls tls = new GatewayConfig.Tls(keystore, Optional.empty(), PASSWORD);
    gateway =
        GatewayFixture.start(
            config -> {
              GatewayConfig.Server server = config.server();
              return GatewayFixture.withServer(
                  config,
                  new GatewayConfig.Server(
                      server.host(), 0, Optional.of(tls), server.allowedOrigins(), 2));
            });
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
                .trustStore(pem, new char[0])
                .build();
        GatewayClient fromStore =
            GatewayClient.builder(gateway.uri())
                .token(() -> gateway.token(63_002))
                .trustStore(keystore, PASSWORD.toCharArray())
                .build()) {
      assertThat(fromPem.connect().get(10, TimeUnit.SECONDS)).isEqualTo(UserId.of(63_001));
      assertThat(fromStore.connect().get(10, TimeUnit.SECONDS)).isEqualTo(UserId.of(63_002));
      assertThat(fromPem.sync(0).get(10, TimeUnit.SECONDS).messages()).isEmpty();
    }
  }

  @Test
  void withoutTheCertificateTheHandshakeFailsAndConnectSaysSo() {
    try (GatewayClient untrusting =
        GatewayClient.builder(gateway.uri()).token(() -> gateway.token(63_003)).build()) {
      assertThat(untrusting.connect())
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(ConnectionClosedException.class)
          .withMessageContaining("cannot connect");
    }
  }
}
