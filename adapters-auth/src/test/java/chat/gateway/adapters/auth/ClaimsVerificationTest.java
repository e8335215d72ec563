package chat.gateway.adapters.auth;

import static chat.gateway.adapters.auth.TestTokens.SECRET;
import static chat.gateway.adapters.auth.TestTokens.claims;
import static chat.gateway.adapters.auth.TestTokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.TokenVerification.Rejected;
import chat.gateway.application.port.out.TokenVerification.Verified;
import chat.gateway.domain.UserId;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimsVerificationTest {

  private static final String ISSUER = "https://issuer.example";
  private static final String AUDIENCE = "chat-gateway";

  private final JwtSettings plain =
      JwtSettings.sharedSecret(SECRET).withClock(new TestTokens.MutableClock());
  private final JwtTokenVerifier verifier = new JwtTokenVerifier(plain);
  private final JwtTokenVerifier strict =
      new JwtTokenVerifier(plain.withIssuer(ISSUER).withAudience(AUDIENCE));

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "alice",
        "0",
        "-5",
        "+42",
        "042",
        " 42",
        "42 ",
        "4 2",
        "4.2",
        "0x2a",
        "９",
        "9223372036854775808",
        "99999999999999999999"
      })
  void subjectThatIsNotAPositive64BitIntegerIsRejected(String sub) {
    String token = hs256(SECRET, claims(sub).build());

    assertThat(verifier.verify(token))
        .isEqualTo(new Rejected("sub must be a positive integer user id"));
  }

  @Test
  void matchingIssuerAndAudienceAreAccepted() {
    String token = hs256(SECRET, claims("42").issuer(ISSUER).audience(AUDIENCE).build());

    assertThat(strict.verify(token)).isEqualTo(new Verified(UserId.of(42)));
  }

  @Test
  void audienceListContainingTheAudienceIsAccepted() {
    JWTClaimsSet claims =
        claims("42").issuer(ISSUER).audience(List.of("other", AUDIENCE, "third")).build();

    assertThat(strict.verify(hs256(SECRET, claims))).isEqualTo(new Verified(UserId.of(42)));
  }

  @Test
  void audienceListWithoutTheAudienceIsRejected() {
    JWTClaimsSet claims = claims("42").issuer(ISSUER).audience(List.of("other", "third")).build();

    assertThat(strict.verify(hs256(SECRET, claims))).isEqualTo(new Rejected("audience mismatch"));
  }

  @Test
  void otherIssuerIsRejected() {
    String token =
        hs256(SECRET, claims("42").issuer("https://evil.example").audience(AUDIENCE).build());

    assertThat(strict.verify(token)).isEqualTo(new Rejected("issuer mismatch"));
  }

  @Test
  void issuerComparisonIsExact() {
    String token = hs256(SECRET, claims("42").issuer(ISSUER + "/").audience(AUDIENCE).build());

    assertThat(strict.verify(token)).isEqualTo(new Rejected("issuer mismatch"));
  }

  @Test
  void otherAudienceIsRejected() {
    String token = hs256(SECRET, claims("42").issuer(ISSUER).audience("other").build());

    assertThat(strict.verify(token)).isEqualTo(new Rejected("audience mismatch"));
  }

  @Test
  void missingIssuerOrAudienceIsRejectedWhenConfigured() {
    assertThat(strict.verify(hs256(SECRET, claims("42").audience(AUDIENCE).build())))
        .isEqualTo(new Rejected("iss claim missing"));
    assertThat(strict.verify(hs256(SECRET, claims("42").issuer(ISSUER).build())))
        .isEqualTo(new Rejected("aud claim missing"));
  }

  @Test
  void issuerAndAudienceAreIgnoredWhenNotConfigured() {
    String any = hs256(SECRET, claims("42").issuer("whoever").audience("anyone").build());
    String none = hs256(SECRET, claims("42").build());

    assertThat(verifier.verify(any)).isEqualTo(new Verified(UserId.of(42)));
    assertThat(verifier.verify(none)).isEqualTo(new Verified(UserId.of(42)));
  }

  @Test
  void timeIsCheckedBeforeIssuerAndSubject() {
    // The most actionable reason wins: an expired token needs a refresh whatever else is wrong.
    String token = hs256(SECRET, claims("alice").issuer("evil").expirationTime(null).build());

    assertThat(strict.verify(token)).isEqualTo(new Rejected("exp claim missing"));
  }
}
