package chat.gateway.adapters.auth;

import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.domain.UserId;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The claim checks of a token whose signature has already been verified: time window, issuer,
 * audience and subject. Done here rather than with nimbus's DefaultJWTClaimsVerifier so that each
 * failure has its own client-safe reason, the skew keeps sub-second precision and "now" comes from
 * the injected clock.
 *
 * <p>{@code exp} and {@code nbf} are read from the claims' JSON as numbers, not through nimbus's
 * {@code Date} getters: those multiply the seconds by 1000 in a {@code long}, so an {@code exp} of
 * 2^63-1 (or 1e300, or anything above about 9.2e15) wrapped round to 1969 and a valid token was
 * refused as expired, and an {@code nbf} that large passed as already reached. Here a NumericDate
 * (RFC 7519: seconds, possibly fractional) beyond the range of {@link Instant} is the end (or
 * start) of time. There is no maximum lifetime: the issuer decides how long its tokens live.
 *
 * <p>{@code sub} must be a JSON string (RFC 7519 4.1.2: a StringOrURI) holding the canonical
 * decimal of a positive int64. A JSON number is refused, although nimbus would read it as its
 * decimal string: many JSON tools hold numbers as doubles, so an issuer meaning user 2^53+1 may
 * well have signed 2^53, a token for someone else, and 4.2e1 would be a second spelling of 42.
 */
final class ClaimsPolicy {

  static final String SUB_INVALID = "sub must be a positive integer user id";
  static final String SUB_NOT_STRING = "sub must be a string, not a JSON number";

  // Canonical decimal only: no sign, no leading zeros, no whitespace, so one user has one subject.
  private static final Pattern CANONICAL_POSITIVE = Pattern.compile("[1-9][0-9]{0,18}");

  private final Optional<String> issuer;
  private final Optional<String> audience;
  private final Duration skew;
  private final InstantSource clock;

  ClaimsPolicy(JwtSettings settings) {
    this.issuer = settings.issuer();
    this.audience = settings.audience();
    this.skew = settings.clockSkew();
    this.clock = settings.clock();
  }

  /**
   * Checks {@code claims}, parsed by nimbus from {@code json}, the claims' JSON object as it was
   * signed (for the values nimbus would alter).
   */
  TokenVerification check(JWTClaimsSet claims, Map<String, Object> json) {
    Optional<String> problem =
        timeProblem(json).or(() -> issuerProblem(claims)).or(() -> audienceProblem(claims));
    if (problem.isPresent()) {
      return new TokenVerification.Rejected(problem.get());
    }
    Object sub = json.get(JWTClaimNames.SUBJECT);
    if (sub instanceof Number) {
      return new TokenVerification.Rejected(SUB_NOT_STRING);
    }
    return subject(claims.getSubject())
        .<TokenVerification>map(TokenVerification.Verified::new)
        .orElseGet(() -> new TokenVerification.Rejected(SUB_INVALID));
  }

  private Optional<String> timeProblem(Map<String, Object> json) {
    Instant now = clock.instant();
    Object exp = json.get(JWTClaimNames.EXPIRATION_TIME);
    if (exp == null) {
      return Optional.of("exp claim missing");
    }
    if (!(exp instanceof Number expSeconds)) {
      return Optional.of("exp claim must be a number");
    }
    // RFC 7519 4.1.4: "now" must be strictly before exp. Subtracting the skew from now rather
    // than adding it to exp cannot overflow, whatever exp is.
    if (!now.minus(skew).isBefore(numericDate(expSeconds))) {
      return Optional.of("token expired");
    }
    Object nbf = json.get(JWTClaimNames.NOT_BEFORE);
    if (nbf == null) {
      return Optional.empty();
    }
    if (!(nbf instanceof Number nbfSeconds)) {
      return Optional.of("nbf claim must be a number");
    }
    if (now.plus(skew).isBefore(numericDate(nbfSeconds))) {
      return Optional.of("token not yet valid");
    }
    return Optional.empty();
  }

  /**
   * A NumericDate as an instant, saturating: seconds beyond what {@link Instant} holds (about
   * ±3e16) are {@link Instant#MAX} or {@link Instant#MIN}. JSON has no NaN or infinity, and nimbus
   * refuses a number it cannot hold in a double (1e400) as malformed JSON before this is reached.
   */
  static Instant numericDate(Number seconds) {
    if (seconds instanceof Long || seconds instanceof Integer) {
      long whole = seconds.longValue();
      if (whole >= Instant.MAX.getEpochSecond()) {
        return Instant.MAX;
      }
      return whole <= Instant.MIN.getEpochSecond() ? Instant.MIN : Instant.ofEpochSecond(whole);
    }
    double value = seconds.doubleValue();
    if (Double.isNaN(value)) {
      // Not from JSON; the least useful instant for whoever made it.
      return Instant.MIN;
    }
    if (value >= Instant.MAX.getEpochSecond()) {
      return Instant.MAX;
    }
    if (value <= Instant.MIN.getEpochSecond()) {
      return Instant.MIN;
    }
    double whole = Math.floor(value);
    return Instant.ofEpochSecond((long) whole, (long) ((value - whole) * 1_000_000_000L));
  }

  private Optional<String> issuerProblem(JWTClaimsSet claims) {
    if (issuer.isEmpty()) {
      return Optional.empty();
    }
    String actual = claims.getIssuer();
    if (actual == null) {
      return Optional.of("iss claim missing");
    }
    return issuer.get().equals(actual) ? Optional.empty() : Optional.of("issuer mismatch");
  }

  private Optional<String> audienceProblem(JWTClaimsSet claims) {
    if (audience.isEmpty()) {
      return Optional.empty();
    }
    List<String> actual = claims.getAudience();
    if (actual.isEmpty()) {
      return Optional.of("aud claim missing");
    }
    return actual.contains(audience.get()) ? Optional.empty() : Optional.of("audience mismatch");
  }

  static Optional<UserId> subject(String sub) {
    if (sub == null || !CANONICAL_POSITIVE.matcher(sub).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(UserId.of(Long.parseLong(sub)));
    } catch (NumberFormatException e) {
      // 19 digits can still exceed Long.MAX_VALUE.
      return Optional.empty();
    }
  }
}
