package chat.gateway.adapters.auth;

import static chat.gateway.adapters.auth.TestTokens.NOW;
import static chat.gateway.adapters.auth.TestTokens.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.application.port.out.TokenVerification.Rejected;
import chat.gateway.application.port.out.TokenVerification.Verified;
import chat.gateway.domain.UserId;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtMinterTest {

  private final TestTokens.MutableClock clock = new TestTokens.MutableClock();
  private final JwtSettings settings =
      JwtSettings.sharedSecret(SECRET)
          .withIssuer("chat-dev")
          .withAudience("chat-gateway")
          .withClock(clock);

  @Test
  void mintedTokenVerifiesWithTheSameSettings() {
    String token = new JwtMinter(settings).mint(UserId.of(42), Duration.ofMinutes(5));

    assertThat(new JwtTokenVerifier(settings).verify(token)).isEqualTo(new Verified(UserId.of(42)));
  }

  @Test
  void mintedTokenCarriesTheExpectedClaims() throws Exception {
    clock.set(NOW.plusMillis(700));
    SignedJWT jwt =
        SignedJWT.parse(new JwtMinter(settings).mint(UserId.of(7), Duration.ofHours(1)));
    JWTClaimsSet claims = jwt.getJWTClaimsSet();

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(claims.getSubject()).isEqualTo("7");
    assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
    assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(3600)));
    assertThat(claims.getIssuer()).isEqualTo("chat-dev");
    assertThat(claims.getAudience()).isEqualTo(List.of("chat-gateway"));
  }

  @Test
  void mintedTokenWithoutIssuerOrAudienceOmitsThem() throws Exception {
    var plain = JwtSettings.sharedSecret(SECRET).withClock(clock);
    JWTClaimsSet claims =
        SignedJWT.parse(new JwtMinter(plain).mint(UserId.of(7), Duration.ofMinutes(1)))
            .getJWTClaimsSet();

    assertThat(claims.getIssuer()).isNull();
    assertThat(claims.getAudience()).isEmpty();
  }

  @Test
  void mintedTokenExpiresAfterItsTtlPlusSkew() {
    String token = new JwtMinter(settings).mint(UserId.of(42), Duration.ofMinutes(5));
    clock.set(NOW.plus(Duration.ofMinutes(5)).plus(settings.clockSkew()));

    assertThat(new JwtTokenVerifier(settings).verify(token))
        .isEqualTo(new Rejected("token expired"));
  }

  @Test
  void mintedTokenIsRejectedByAVerifierWithAnotherSecret() {
    String token = new JwtMinter(settings).mint(UserId.of(42), Duration.ofMinutes(5));
    var other =
        JwtSettings.sharedSecret(TestTokens.OTHER_SECRET)
            .withIssuer("chat-dev")
            .withAudience("chat-gateway")
            .withClock(clock);

    assertThat(new JwtTokenVerifier(other).verify(token))
        .isEqualTo(new Rejected("signature invalid"));
  }

  @Test
  void mintingWithJwksSettingsFailsClearly() {
    var jwks = JwtSettings.jwks("https://issuer.example/.well-known/jwks.json");

    assertThatThrownBy(() -> new JwtMinter(jwks))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tokens can only be minted with a shared secret (GATEWAY_JWT_SECRET)");
  }

  @Test
  void nonPositiveTtlIsRefused() {
    var minter = new JwtMinter(settings);

    assertThatThrownBy(() -> minter.mint(UserId.of(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl must be positive");
    assertThatThrownBy(() -> minter.mint(UserId.of(1), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
