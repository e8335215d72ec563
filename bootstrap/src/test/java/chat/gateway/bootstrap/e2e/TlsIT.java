package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.bootstrap.GatewayConfig;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wss:// with a certificate from a PKCS#12 keystore and from PEM files. */
class TlsIT {

  private static final String PASSWORD = "changeit";

  @TempDir static Path dir;

  private static Path keystore;
  private static SSLContext trusting;

  @BeforeAll
  static void makeCertificate() throws Exception {
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
                "SAN=ip:127.0.0.1,dns:localhost",
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
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("gateway", store.getCertificate("gateway"));
    trust.init(trusted);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, trust.getTrustManagers(), null);

    Certificate cert = store.getCertificate("gateway");
    PrivateKey key = (PrivateKey) store.getKey("gateway", PASSWORD.toCharArray());
    Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
    Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
  }

  @Test
  void aClientConnectsOverWssWithAPkcs12Keystore() throws Exception {
    check(new GatewayConfig.Tls(keystore, Optional.empty(), PASSWORD));
  }

  @Test
  void aClientConnectsOverWssWithPemFiles() throws Exception {
    check(new GatewayConfig.Tls(dir.resolve("cert.pem"), Optional.of(dir.resolve("key.pem")), ""));
  }

  private static void check(GatewayConfig.Tls tls) throws Exception {
    try (GatewayFixture gateway =
        GatewayFixture.start(
            config -> {
              GatewayConfig.Server server = config.server();
              return GatewayFixture.withServer(
                  config,
                  new GatewayConfig.Server(
                      server.host(), 0, Optional.of(tls), server.allowedOrigins(), 2));
            })) {
      assertThat(gateway.uri().getScheme()).isEqualTo("wss");
      HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
      try (TestClient socket = TestClient.connect(client, gateway.uri(), Map.of())) {
        assertThat(socket.auth(gateway.token(4001)).success()).isTrue();
        long seq = socket.send(new ClientPayload.Ping());
        assertThat(socket.await(FrameType.PONG).seq()).isEqualTo(seq);
      }
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(gateway.http("/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
