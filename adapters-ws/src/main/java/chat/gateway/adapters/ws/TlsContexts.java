package chat.gateway.adapters.ws;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Builds the server's TLS context from files: a PEM certificate chain with a PEM PKCS#8 private key
 * (RSA or EC), or a PKCS#12 keystore. Errors name the file and say how to fix it.
 */
public final class TlsContexts {

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----(.+?)-----END PRIVATE KEY-----", Pattern.DOTALL);

  private TlsContexts() {}

  /**
   * @param certificate a PEM chain, or a .p12/.pfx keystore (then {@code key} is unused)
   * @param key a PEM PKCS#8 private key
   * @param password the keystore password (PKCS#12 only; may be empty)
   */
  public static SSLContext load(Path certificate, Path key, char[] password) {
    try {
      boolean pkcs12 = isPkcs12(certificate);
      KeyStore store = pkcs12 ? pkcs12(certificate, password) : pem(certificate, key);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, pkcs12 ? password : new char[0]);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot load the TLS certificate " + certificate + ": " + e.getMessage(), e);
    }
  }

  private static boolean isPkcs12(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".p12") || name.endsWith(".pfx");
  }

  private static KeyStore pkcs12(Path file, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    return store;
  }

  private static KeyStore pem(Path certificate, Path keyFile)
      throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> chain;
    try (InputStream in = Files.newInputStream(certificate)) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException("no certificate in " + certificate);
    }
    PrivateKey key = privateKey(keyFile);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("gateway", key, new char[0], chain.toArray(Certificate[]::new));
    return store;
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher matcher = PKCS8.matcher(text);
    if (!matcher.find()) {
      throw new GeneralSecurityException(
          file
              + " holds no PEM PKCS#8 key ('BEGIN PRIVATE KEY'); convert it with: openssl pkcs8"
              + " -topk8 -nocrypt -in "
              + file
              + " -out key.pem");
    }
    byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException(file + " holds a key that is not RSA, EC or Ed25519");
  }
}
