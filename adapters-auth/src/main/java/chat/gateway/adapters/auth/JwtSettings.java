package chat.gateway.adapters.auth;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration shared by {@link JwtTokenVerifier} and {@link JwtMinter}.
 *
 * <p>Contract: a value of this type is always valid. It has exactly one {@link KeySource} (an HS256
 * secret of at least 32 bytes, or a JWKS URL or file for RS256/ES256); an issuer and an audience
 * that, when present, are non-blank and are then required in tokens; a non-negative clock skew
 * allowed on {@code exp} and {@code nbf} (default {@link #DEFAULT_CLOCK_SKEW}); and the clock that
 * decides what "now" is. Invalid input fails with an {@link IllegalArgumentException} saying what
 * to fix. Start from {@link #sharedSecret(String)} or {@link #jwks(String)} and refine with the
 * {@code with*} methods.
 */
public record JwtSettings(
    KeySource keySource,
    Optional<String> issuer,
    Optional<String> audience,
    Duration clockSkew,
    InstantSource clock) {

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  // Beyond this a "skew" is really a second expiry policy; refuse it rather than silently
  // extending every token's lifetime.
  private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

  public JwtSettings {
    Objects.requireNonNull(keySource, "keySource");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(clockSkew, "clockSkew");
    Objects.requireNonNull(clock, "clock");
    issuer.ifPresent(value -> requireText(value, "issuer"));
    audience.ifPresent(value -> requireText(value, "audience"));
    if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new IllegalArgumentException(
          "JWT clock skew must be between 0 and " + MAX_CLOCK_SKEW + " (got " + clockSkew + ")");
    }
  }

  /** HS256 with {@code secret} (UTF-8, at least 32 bytes); no issuer or audience; system clock. */
  public static JwtSettings sharedSecret(String secret) {
    return of(new KeySource.SharedSecret(secret));
  }

  /**
   * RS256/ES256 with keys from {@code location}, an http(s) URL or a file path; no issuer or
   * audience; system clock.
   */
  public static JwtSettings jwks(String location) {
    return of(KeySource.jwks(location));
  }

  /** The given key source with no issuer or audience, the default skew and the system clock. */
  public static JwtSettings of(KeySource keySource) {
    return new JwtSettings(
        keySource, Optional.empty(), Optional.empty(), DEFAULT_CLOCK_SKEW, InstantSource.system());
  }

  /** A copy that requires {@code iss} to equal {@code issuer}. */
  public JwtSettings withIssuer(String issuer) {
    return new JwtSettings(keySource, Optional.of(issuer), audience, clockSkew, clock);
  }

  /** A copy that requires {@code aud} to contain {@code audience}. */
  public JwtSettings withAudience(String audience) {
    return new JwtSettings(keySource, issuer, Optional.of(audience), clockSkew, clock);
  }

  /** A copy allowing {@code clockSkew} of disagreement between our clock and the issuer's. */
  public JwtSettings withClockSkew(Duration clockSkew) {
    return new JwtSettings(keySource, issuer, audience, clockSkew, clock);
  }

  /** A copy that reads the current time from {@code clock}. */
  public JwtSettings withClock(InstantSource clock) {
    return new JwtSettings(keySource, issuer, audience, clockSkew, clock);
  }

  private static void requireText(String value, String name) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("JWT " + name + " must not be blank when configured");
    }
  }
}
