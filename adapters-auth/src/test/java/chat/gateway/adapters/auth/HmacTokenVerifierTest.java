package chat.gateway.adapters.auth;

import static chat.gateway.adapters.auth.TestTokens.NOW;
import static chat.gateway.adapters.auth.TestTokens.OTHER_SECRET;
import static chat.gateway.adapters.auth.TestTokens.SECRET;
import static chat.gateway.adapters.auth.TestTokens.claims;
import static chat.gateway.adapters.auth.TestTokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.TokenVerification.Rejected;
import chat.gateway.application.port.out.TokenVerification.Verified;
import chat.gateway.domain.UserId;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacTokenVerifierTest {

  private final TestTokens.MutableClock clock = new TestTokens.MutableClock();
  private final JwtSettings settings = JwtSettings.sharedSecret(SECRET).withClock(clock);
  private final JwtTokenVerifier verifier = new JwtTokenVerifier(settings);

  @Test
  void validTokenIsVerifiedAsItsSubject() {
    assertThat(verifier.verify(hs256(SECRET, claims("42").build())))
        .isEqualTo(new Verified(UserId.of(42)));
  }

  @Test
  void largestUserIdIsVerified() {
    String token = hs256(SECRET, claims(Long.toString(Long.MAX_VALUE)).build());
    assertThat(verifier.verify(token)).isEqualTo(new Verified(UserId.of(Long.MAX_VALUE)));
  }

  @Test
  void keyIdAndAccessTokenTypeDoNotMatterWithASharedSecret() {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.HS256)
            .keyID("some-kid")
            .type(new JOSEObjectType("at+jwt"))
            .build();
    String token =
        TestTokens.sign(
            header,
            claims("7").build(),
            TestTokens.macSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    assertThat(verifier.verify(token)).isEqualTo(new Verified(UserId.of(7)));
  }

  @Test
  void otherExplicitTokenTypeIsRejected() {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("logout+jwt")).build();
    String token =
        TestTokens.sign(
            header,
            claims("7").build(),
            TestTokens.macSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    assertThat(verifier.verify(token)).isEqualTo(new Rejected("token type not allowed"));
  }

  @Test
  void tokenSignedWithAnotherSecretHasAnInvalidSignature() {
    assertThat(verifier.verify(hs256(OTHER_SECRET, claims("42").build())))
        .isEqualTo(new Rejected("signature invalid"));
  }

  @Test
  void payloadChangedAfterSigningHasAnInvalidSignature() {
    String[] parts = hs256(SECRET, claims("42").build()).split("\\.");
    String forgedPayload = TestTokens.base64Url(claims("1").build().toString());
    String forged = parts[0] + "." + forgedPayload + "." + parts[2];

    assertThat(verifier.verify(forged)).isEqualTo(new Rejected("signature invalid"));
  }

  @Test
  void tokenExpiredBeyondTheSkewIsRejected() {
    String token = hs256(SECRET, claims("42").expirationTime(Date.from(NOW)).build());
    clock.set(NOW.plus(JwtSettings.DEFAULT_CLOCK_SKEW));

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("token expired"));
  }

  @Test
  void tokenExpiredWithinTheSkewIsAccepted() {
    String token = hs256(SECRET, claims("42").expirationTime(Date.from(NOW)).build());
    clock.set(NOW.plus(JwtSettings.DEFAULT_CLOCK_SKEW).minusMillis(1));

    assertThat(verifier.verify(token)).isEqualTo(new Verified(UserId.of(42)));
  }

  @Test
  void configuredSkewIsUsed() {
    var strict = new JwtTokenVerifier(settings.withClockSkew(Duration.ZERO));
    String token = hs256(SECRET, claims("42").expirationTime(Date.from(NOW)).build());

    assertThat(strict.verify(token)).isEqualTo(new Rejected("token expired"));
    clock.set(NOW.minusMillis(1));
    assertThat(strict.verify(token)).isEqualTo(new Verified(UserId.of(42)));
  }

  @Test
  void notBeforeInTheFutureBeyondTheSkewIsRejected() {
    var notBefore = NOW.plus(JwtSettings.DEFAULT_CLOCK_SKEW).plusSeconds(1);
    String token = hs256(SECRET, claims("42").notBeforeTime(Date.from(notBefore)).build());

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("token not yet valid"));
  }

  @Test
  void notBeforeWithinTheSkewIsAccepted() {
    var notBefore = NOW.plus(JwtSettings.DEFAULT_CLOCK_SKEW);
    String token = hs256(SECRET, claims("42").notBeforeTime(Date.from(notBefore)).build());

    assertThat(verifier.verify(token)).isEqualTo(new Verified(UserId.of(42)));
  }

  @Test
  void tokenWithoutExpiryIsRejected() {
    String token = hs256(SECRET, claims("42").expirationTime(null).build());

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("exp claim missing"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"alg\":\"none\"}", "{\"alg\":\"none\",\"typ\":\"JWT\"}"})
  void unsecuredTokenIsRejected(String header) {
    String token = TestTokens.unsecured(header, claims("42").build());

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("algorithm not allowed: none"));
  }

  @Test
  void unsecuredTokenWithOddlyCasedNoneIsRejected() {
    String token = TestTokens.unsecured("{\"alg\":\"None\"}", claims("42").build()) + "x";

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("algorithm not allowed: None"));
  }

  @Test
  void rs256TokenIsRejectedWhenASecretIsConfigured() {
    String token = TestTokens.rs256(TestTokens.rsaKey("k1"), claims("42").build());

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("algorithm not allowed: RS256"));
  }

  @Test
  void strongerHmacIsStillNotAllowed() {
    JWSHeader header = new JWSHeader(JWSAlgorithm.HS512);
    byte[] longSecret = (SECRET + SECRET).getBytes(StandardCharsets.UTF_8);
    String token = TestTokens.sign(header, claims("42").build(), TestTokens.macSigner(longSecret));

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("algorithm not allowed: HS512"));
  }
}
