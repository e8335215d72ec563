package chat.gateway.adapters.auth;

import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.domain.UserId;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The claim checks of a token whose signature has already been verified: time window, issuer,
 * audience and subject. Done here rather than with nimbus's DefaultJWTClaimsVerifier so that each
 * failure has its own client-safe reason, the skew keeps sub-second precision and "now" comes from
 * the injected clock.
 */
final class ClaimsPolicy {

  static final String SUB_INVALID = "sub must be a positive integer user id";

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

  TokenVerification check(JWTClaimsSet claims) {
    Optional<String> problem =
        timeProblem(claims).or(() -> issuerProblem(claims)).or(() -> audienceProblem(claims));
    if (problem.isPresent()) {
      return new TokenVerification.Rejected(problem.get());
    }
    return subject(claims.getSubject())
        .<TokenVerification>map(TokenVerification.Verified::new)
        .orElseGet(() -> new TokenVerification.Rejected(SUB_INVALID));
  }

  private Optional<String> timeProblem(JWTClaimsSet claims) {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      return Optional.of("exp claim missing");
    }
    // RFC 7519 4.1.4: "now" must be strictly before exp.
    if (!now.isBefore(exp.toInstant().plus(skew))) {
      return Optional.of("token expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.isBefore(nbf.toInstant().minus(skew))) {
      return Optional.of("token not yet valid");
    }
    return Optional.empty();
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
