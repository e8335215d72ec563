package chat.gateway.adapters.auth;

import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.application.port.out.TokenVerifier;
import chat.gateway.application.port.out.TokenVerifierUnavailableException;
import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TokenVerifier} for compact JWS tokens, built on nimbus-jose-jwt.
 *
 * <p>Contract: with a shared secret only HS256 is accepted; with a JWKS only RS256 and ES256 (so
 * neither {@code alg: none} nor algorithm confusion between the two can pass). A token is {@link
 * TokenVerification.Verified} only if its signature verifies, {@code exp} is present and not past,
 * {@code nbf} (if any) is reached, both within the configured skew of the configured clock, {@code
 * iss} equals and {@code aud} contains the configured values where configured, and {@code sub} is
 * the canonical decimal form of a positive 64-bit integer in a JSON string (see {@link
 * ClaimsPolicy}). The token must be exactly the compact serialization (RFC 7515 7.1): three
 * base64url segments without padding, and nothing around them, no whitespace or trailing newline;
 * anything else is malformed, although nimbus would accept padding and surrounding whitespace.
 * Tokens with an explicit {@code typ} other than {@code JWT} or {@code at+jwt}, tokens with a
 * {@code crit} header (no extension is understood, RFC 7515 4.1.11), and tokens over {@value
 * #MAX_TOKEN_LENGTH} characters are refused before any key lookup. Anything else is {@link
 * TokenVerification.Rejected} with a short reason that contains no key material and no token
 * content beyond the name of a refused algorithm. If a remote JWKS cannot be fetched (or a refetch
 * for an unknown {@code kid} is rate-limited), {@link #verify} throws {@link
 * TokenVerifierUnavailableException}. A JWKS file is read once, here; a bad file fails
 * construction. Instances are immutable after construction and safe to share between threads.
 */
public final class JwtTokenVerifier implements TokenVerifier {

  static final String MALFORMED = "malformed token";
  static final String SIGNATURE_INVALID = "signature invalid";
  static final String UNKNOWN_KEY = "no matching signing key";
  static final String CRITICAL_HEADER = "critical header parameters not supported";

  /** Far above any real token; bounds the work a hostile string can cause before it is refused. */
  public static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(JwtTokenVerifier.class);
  // Algorithm names come from the token; only echo ones that look like algorithm names.
  private static final Pattern PRINTABLE_ALGORITHM = Pattern.compile("[A-Za-z0-9+_-]{1,32}");
  // The JWS compact serialization, exactly: base64url without padding, nothing around it. The
  // signature may be empty so that an unsecured token is named for its algorithm.
  private static final Pattern COMPACT_JWS =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  // Plain JWTs and RFC 9068 access tokens. Refusing other explicit types keeps tokens minted for
  // another purpose by the same issuer (logout tokens, for one) from being replayed as logins.
  private static final Set<JOSEObjectType> ALLOWED_TYPES =
      Set.of(
          JOSEObjectType.JWT,
          new JOSEObjectType("at+jwt"),
          new JOSEObjectType("application/at+jwt"));

  private final KeySource keySource;
  private final Set<JWSAlgorithm> allowed;
  private final DefaultJWTProcessor<SecurityContext> processor;
  // With a shared secret, one verifier for every token: nimbus's processor would look up the key
  // and build a verifier per token, and parse the claims again.
  private final Optional<MACVerifier> secretVerifier;
  private final ClaimsPolicy claims;

  /**
   * Builds a verifier; for a JWKS file, reads it now.
   *
   * @throws IllegalArgumentException if the JWKS file is missing, unreadable or not a JWK set
   */
  public JwtTokenVerifier(JwtSettings settings) {
    Objects.requireNonNull(settings, "settings");
    this.keySource = settings.keySource();
    this.allowed = KeySelectors.allowedAlgorithms(keySource);
    this.claims = new ClaimsPolicy(settings);
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(KeySelectors.forSource(keySource));
    // typ is checked in verify() so that a refused type gets its own reason.
    processor.setJWSTypeVerifier((type, context) -> {});
    // Claims are checked by ClaimsPolicy so that each failure gets its own reason.
    processor.setJWTClaimsSetVerifier(null);
    this.secretVerifier = secretVerifier(keySource);
  }

  private static Optional<MACVerifier> secretVerifier(KeySource source) {
    if (!(source instanceof KeySource.SharedSecret secret)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new MACVerifier(secret.bytes()));
    } catch (JOSEException e) {
      // KeySource already refuses a secret shorter than HS256's key; nothing else fails here.
      throw new IllegalArgumentException("unusable HS256 secret: " + e.getMessage(), e);
    }
  }

  @Override
  public TokenVerification verify(String token) {
    if (token == null || token.isBlank()) {
      return reject(MALFORMED);
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      return reject("token too long");
    }
    if (!COMPACT_JWS.matcher(token).matches()) {
      return reject(MALFORMED);
    }
    SignedJWT signed;
    try {
      // Only the header's JSON is parsed here; the payload's once, below.
      signed = SignedJWT.parse(token);
    } catch (ParseException notSigned) {
      return refusedHeader(token);
    }
    Algorithm algorithm = signed.getHeader().getAlgorithm();
    if (!allowed.contains(algorithm)) {
      return reject("algorithm not allowed" + printable(algorithm));
    }
    JOSEObjectType type = signed.getHeader().getType();
    if (type != null && !ALLOWED_TYPES.contains(type)) {
      return reject("token type not allowed");
    }
    if (signed.getHeader().getCriticalParams() != null) {
      return reject(CRITICAL_HEADER);
    }
    // The claims as signed, for the values that nimbus's parsed claims alter (exp, nbf, sub).
    Map<String, Object> json = signed.getPayload().toJSONObject();
    if (json == null) {
      return reject(MALFORMED);
    }
    JWTClaimsSet claimsSet;
    try {
      claimsSet = JWTClaimsSet.parse(json);
    } catch (ParseException e) {
      return reject(MALFORMED);
    }
    return signatureProblem(signed).orElseGet(() -> logged(claims.check(claimsSet, json)));
  }

  /**
   * Why a token whose header is not a JWS header is refused: an unsecured ({@code alg: none}) or
   * encrypted token is named for its algorithm, anything else is malformed.
   */
  private static TokenVerification refusedHeader(String token) {
    try {
      return reject(
          "algorithm not allowed" + printable(JWTParser.parse(token).getHeader().getAlgorithm()));
    } catch (ParseException e) {
      return reject(MALFORMED);
    }
  }

  /** Empty when the signature verifies with a configured key, else the rejection. */
  private Optional<TokenVerification> signatureProblem(SignedJWT signed) {
    if (secretVerifier.isPresent()) {
      try {
        return signed.verify(secretVerifier.get())
            ? Optional.empty()
            : Optional.of(reject(SIGNATURE_INVALID));
      } catch (JOSEException e) {
        return Optional.of(reject(SIGNATURE_INVALID));
      }
    }
    try {
      processor.process(signed, null);
      return Optional.empty();
    } catch (RateLimitReachedException e) {
      // Not an outage, but the token's key may be a freshly rotated one we may not fetch yet.
      LOG.debug("JWKS refetch for an unknown key is rate-limited ({})", keySource);
      throw new TokenVerifierUnavailableException("JWKS refetch rate-limited", e);
    } catch (KeySourceException e) {
      LOG.warn("cannot fetch JWKS from {}: {}", keySource, e.getMessage());
      throw new TokenVerifierUnavailableException("JWKS unavailable", e);
    } catch (BadJWSException e) {
      return Optional.of(reject(SIGNATURE_INVALID));
    } catch (BadJOSEException e) {
      // With the algorithm already allowed this means no key of the right type and kid.
      return Optional.of(reject(UNKNOWN_KEY));
    } catch (JOSEException e) {
      // A key or signature the crypto provider could not even process.
      return Optional.of(reject(SIGNATURE_INVALID));
    }
  }

  private static String printable(Algorithm algorithm) {
    String name = algorithm == null ? "" : algorithm.getName();
    return PRINTABLE_ALGORITHM.matcher(name).matches() ? ": " + name : "";
  }

  private static TokenVerification reject(String reason) {
    return logged(new TokenVerification.Rejected(reason));
  }

  private static TokenVerification logged(TokenVerification outcome) {
    if (outcome instanceof TokenVerification.Rejected rejected) {
      LOG.debug("token rejected: {}", rejected.reason());
    }
    return outcome;
  }
}
