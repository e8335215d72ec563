package chat.gateway.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts that trust given certificates: for gateways with self-signed certificates. */
public final class TrustStores {

  private TrustStores() {}

  /**
   * A context that trusts exactly the certificates in {@code file} and nothing else: a PEM file of
   * one or more certificates, or a PKCS#12 keystore ({@code .p12} or {@code .pfx}, opened with
   * {@code password}) whose certificates, including those of its key entries, become trusted. The
   * host name is still checked against the certificate, so it must name the host dialled.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when it holds no certificate or cannot be parsed
   */
  public static SSLContext trusting(Path file, char[] password) {
    try {
      List<Certificate> certificates =
          isKeystore(file) ? fromKeystore(file, password) : fromPem(file);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + file);
      }
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        trusted.setCertificateEntry("trusted-" + i, certificates.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean isKeystore(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".p12") || name.endsWith(".pfx");
  }

  private static List<Certificate> fromPem(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
    }
  }

  private static List<Certificate> fromKeystore(Path file, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    List<Certificate> certificates = new ArrayList<>();
    for (String alias : Collections.list(store.aliases())) {
      Certificate certificate = store.getCertificate(alias);
      if (certificate != null) {
        certificates.add(certificate);
      }
    }
    return certificates;
  }
}
