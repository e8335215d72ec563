package chat.gateway.adapters.auth;

import chat.gateway.domain.UserId;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;

/**
 * Mints HS256 tokens for development and tests, signed with the shared secret of a {@link
 * JwtSettings}.
 *
 * <p>Contract: a minted token carries {@code sub} (the user id), {@code iat} (the settings' clock,
 * whole seconds), {@code exp} ({@code iat + ttl}) and, when configured, {@code iss} and {@code
 * aud}; so a {@link JwtTokenVerifier} built from the same settings accepts it until it expires.
 * Construction fails with an {@link IllegalArgumentException} for JWKS settings, which have no
 * secret to sign with. Safe to share between threads.
 */
public final class JwtMinter {

  private final JwtSettings settings;
  private final MACSigner signer;

  /**
   * @throws IllegalArgumentException if {@code settings} has no shared secret
   */
  public JwtMinter(JwtSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (!(settings.keySource() instanceof KeySource.SharedSecret secret)) {
      throw new IllegalArgumentException(
          "tokens can only be minted with a shared secret (GATEWAY_JWT_SECRET)");
    }
    try {
      this.signer = new MACSigner(secret.bytes());
    } catch (JOSEException e) {
      // SharedSecret already guarantees the 256-bit minimum MACSigner checks.
      throw new IllegalStateException("HS256 signer rejected a validated secret", e);
    }
  }

  /**
   * A signed token for {@code user}, valid from now for {@code ttl}.
   *
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   */
  public String mint(UserId user, Duration ttl) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("token ttl must be positive (got " + ttl + ")");
    }
    // JWT times are whole seconds; truncating keeps exp - iat exactly the ttl.
    Instant issuedAt = settings.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(user.toString())
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(issuedAt.plus(ttl)));
    settings.issuer().ifPresent(claims::issuer);
    settings.audience().ifPresent(claims::audience);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
            claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("HS256 signing failed", e);
    }
    return jwt.serialize();
  }
}
