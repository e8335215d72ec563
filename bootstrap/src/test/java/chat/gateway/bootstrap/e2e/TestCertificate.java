package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.bootstrap.GatewayConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 made by the JDK's keytool, as a PKCS#12 keystore and as
 * PEM files (certificate, PKCS#8 key).
 */
record TestCertificate(Path keystore, String password, Path certificatePem, Path keyPem) {

  static TestCertificate create(Path dir) throws Exception {
    Path keystore = dir.resolve("gateway.p12");
    String password = "changeit";
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
                password)
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();

    KeyStore store = load(keystore, password);
    PrivateKey key = (PrivateKey) store.getKey("gateway", password.toCharArray());
    Path certificatePem =
        Files.writeString(
            dir.resolve("cert.pem"),
            pem("CERTIFICATE", store.getCertificate("gateway").getEncoded()));
    Path keyPem = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
    return new TestCertificate(keystore, password, certificatePem, keyPem);
  }

  /** The gateway's TLS settings from the keystore. */
  GatewayConfig.Tls fromKeystore() {
    return new GatewayConfig.Tls(keystore, Optional.empty(), password);
  }

  /** The gateway's TLS settings from the PEM files. */
  GatewayConfig.Tls fromPem() {
    return new GatewayConfig.Tls(certificatePem, Optional.of(keyPem), "");
  }

  /** A client context that trusts this certificate only. */
  SSLContext trusting() throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("gateway", load(keystore, password).getCertificate("gateway"));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** {@code config} serving wss:// with {@code tls} on a free port. */
  static GatewayConfig serving(GatewayConfig config, GatewayConfig.Tls tls) {
    GatewayConfig.Server server = config.server();
    return GatewayFixture.withServer(
        config,
        new GatewayConfig.Server(server.host(), 0, Optional.of(tls), server.allowedOrigins(), 2));
  }

  private static KeyStore load(Path file, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
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
