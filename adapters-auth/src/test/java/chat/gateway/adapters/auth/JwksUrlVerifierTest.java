package chat.gateway.adapters.auth;

import static chat.gateway.adapters.auth.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.application.port.out.TokenVerification.Rejected;
import chat.gateway.application.port.out.TokenVerification.Verified;
import chat.gateway.application.port.out.TokenVerifierUnavailableException;
import chat.gateway.domain.UserId;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwksUrlVerifierTest {

  private static final RSAKey RSA = TestTokens.rsaKey("rsa-1");
  private static final ECKey EC = TestTokens.ecKey("ec-1");

  private JwksServer server;
  private JwtTokenVerifier verifier;

  @BeforeEach
  void start() throws IOException {
    server = new JwksServer();
    server.serve(List.of(RSA.toPublicJWK(), EC.toPublicJWK()));
    verifier = verifierFor(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void tokensAreVerifiedWithServedKeysAndTheSetIsFetchedOnce() {
    for (int i = 1; i <= 5; i++) {
      assertThat(verifier.verify(TestTokens.rs256(RSA, claims("1").build())))
          .isEqualTo(new Verified(UserId.of(1)));
      assertThat(verifier.verify(TestTokens.es256(EC, claims("2").build())))
          .isEqualTo(new Verified(UserId.of(2)));
    }
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void keyRotatedIntoTheSetIsPickedUpForItsKeyId() {
    assertThat(verifier.verify(TestTokens.rs256(RSA, claims("1").build())))
        .isInstanceOf(Verified.class);
    RSAKey rotated = TestTokens.rsaKey("rsa-2");
    server.serve(List.of(RSA.toPublicJWK(), rotated.toPublicJWK()));

    assertThat(verifier.verify(TestTokens.rs256(rotated, claims("9").build())))
        .isEqualTo(new Verified(UserId.of(9)));
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void unknownKeyIsRejectedAfterARefetchAndFurtherRefetchesAreRateLimited() {
    String stranger = TestTokens.rs256(TestTokens.rsaKey("stranger"), claims("1").build());

    assertThat(verifier.verify(stranger)).isEqualTo(new Rejected("no matching signing key"));
    assertThat(server.requests()).isEqualTo(2);
    // A third fetch within nimbus's 30 s window is refused; the kid might be a fresh key, so
    // this is "unavailable", not "rejected". Known keys keep working from the cache.
    assertThatThrownBy(() -> verifier.verify(stranger))
        .isInstanceOf(TokenVerifierUnavailableException.class);
    assertThat(verifier.verify(TestTokens.rs256(RSA, claims("1").build())))
        .isInstanceOf(Verified.class);
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void stoppedServerWithNothingCachedMakesTheVerifierUnavailable() {
    server.close();

    assertThatThrownBy(() -> verifier.verify(TestTokens.rs256(RSA, claims("1").build())))
        .isInstanceOf(TokenVerifierUnavailableException.class);
  }

  @Test
  void stillRejectsBadTokensWithoutFetchingKeysWhileTheServerIsDown() {
    server.close();

    assertThat(verifier.verify("garbage")).isEqualTo(new Rejected("malformed token"));
    assertThat(verifier.verify(TestTokens.hs256(TestTokens.SECRET, claims("1").build())))
        .isEqualTo(new Rejected("algorithm not allowed: HS256"));
  }

  @Test
  void errorStatusMakesTheVerifierUnavailable() {
    server.serveRaw(503, "down for maintenance");

    assertThatThrownBy(() -> verifier.verify(TestTokens.rs256(RSA, claims("1").build())))
        .isInstanceOf(TokenVerifierUnavailableException.class);
  }

  @Test
  void unparseableSetMakesTheVerifierUnavailable() {
    server.serveRaw(200, "<html>login page</html>");

    assertThatThrownBy(() -> verifier.verify(TestTokens.es256(EC, claims("1").build())))
        .isInstanceOf(TokenVerifierUnavailableException.class);
  }

  @Test
  void slowServerTimesOutQuickly() {
    server.delayResponses(Duration.ofSeconds(10));
    long start = System.nanoTime();

    assertThatThrownBy(() -> verifier.verify(TestTokens.rs256(RSA, claims("1").build())))
        .isInstanceOf(TokenVerifierUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
  }

  static JwtTokenVerifier verifierFor(String url) {
    return new JwtTokenVerifier(JwtSettings.jwks(url).withClock(new TestTokens.MutableClock()));
  }
}
