package chat.gateway.adapters.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/** Turns a {@link KeySource} into the algorithms it allows and the nimbus key selector for them. */
final class KeySelectors {

  static final Set<JWSAlgorithm> SECRET_ALGORITHMS = Set.of(JWSAlgorithm.HS256);
  static final Set<JWSAlgorithm> JWKS_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  // Verification sits on the connection handshake path: a slow JWKS endpoint must fail fast
  // rather than hold clients for the JDK's default (unbounded) timeouts.
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
  static final Duration CACHE_TIME_TO_LIVE = Duration.ofMinutes(5);
  // How long other threads wait for the one thread that is fetching the set.
  static final Duration CACHE_REFRESH_TIMEOUT = Duration.ofSeconds(5);

  private KeySelectors() {}

  static Set<JWSAlgorithm> allowedAlgorithms(KeySource source) {
    return source instanceof KeySource.SharedSecret ? SECRET_ALGORITHMS : JWKS_ALGORITHMS;
  }

  static JWSKeySelector<SecurityContext> forSource(KeySource source) {
    return switch (source) {
      // A single secret ignores "kid": tokens from tools that set one must still verify.
      case KeySource.SharedSecret secret ->
          new SingleKeyJWSKeySelector<>(
              JWSAlgorithm.HS256, new SecretKeySpec(secret.bytes(), "HmacSHA256"));
      case KeySource.JwksFile file ->
          new JWSVerificationKeySelector<>(
              JWKS_ALGORITHMS, new ImmutableJWKSet<>(loadPublicKeys(file.path())));
      case KeySource.JwksUrl url -> new JWSVerificationKeySelector<>(JWKS_ALGORITHMS, remote(url));
    };
  }

  private static JWKSet loadPublicKeys(Path path) {
    JWKSet keys;
    try {
      keys = JWKSet.parse(Files.readString(path));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read JWKS file " + path + ": " + e, e);
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "JWKS file " + path + " is not a valid JWK set: " + e.getMessage(), e);
    }
    // Dropping private and symmetric parts means a misplaced private JWKS or an "oct" key can
    // never become a verification key.
    JWKSet publicKeys = keys.toPublicJWKSet();
    if (publicKeys.isEmpty()) {
      throw new IllegalArgumentException("JWKS file " + path + " contains no public keys");
    }
    return publicKeys;
  }

  private static JWKSource<SecurityContext> remote(KeySource.JwksUrl source) {
    URI uri = source.uri();
    var retriever =
        new DefaultResourceRetriever(
            (int) CONNECT_TIMEOUT.toMillis(),
            (int) READ_TIMEOUT.toMillis(),
            JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
    try {
      // Caching with refresh on an unknown kid and nimbus's default rate limit (at most two
      // fetches per 30 s). No refresh-ahead: it needs a background thread and a close().
      // No outage tolerance: stale keys would turn an outage into "unknown key" rejections.
      return JWKSourceBuilder.<SecurityContext>create(uri.toURL(), retriever)
          .cache(CACHE_TIME_TO_LIVE.toMillis(), CACHE_REFRESH_TIMEOUT.toMillis())
          .refreshAheadCache(false)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("JWKS URL is not valid: " + uri, e);
    }
  }
}
