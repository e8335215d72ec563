package chat.gateway.adapters.auth;

import static chat.gateway.adapters.auth.TestTokens.NOW;
import static chat.gateway.adapters.auth.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.application.port.out.TokenVerification.Rejected;
import chat.gateway.application.port.out.TokenVerification.Verified;
import chat.gateway.domain.UserId;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentVerificationTest {

  private static final int THREADS = 8;
  private static final int ROUNDS = 500;

  @Test
  void sharedSecretVerifierGivesTheRightAnswerFromManyThreads() throws Exception {
    var verifier =
        new JwtTokenVerifier(
            JwtSettings.sharedSecret(TestTokens.SECRET).withClock(new TestTokens.MutableClock()));
    Map<String, TokenVerification> cases = new LinkedHashMap<>();
    for (int user = 1; user <= 5; user++) {
      cases.put(TestTokens.hs256(TestTokens.SECRET, claims("" + user).build()), verified(user));
    }
    cases.put(
        TestTokens.hs256(TestTokens.OTHER_SECRET, claims("1").build()),
        rejected("signature invalid"));
    cases.put(expiredHs256(), rejected("token expired"));
    cases.put(
        TestTokens.hs256(TestTokens.SECRET, claims("bob").build()),
        rejected(ClaimsPolicy.SUB_INVALID));
    cases.put("not.a.token", rejected("malformed token"));
    cases.put(
        TestTokens.unsecured("{\"alg\":\"none\"}", claims("1").build()),
        rejected("algorithm not allowed: none"));

    assertThat(hammer(verifier, cases)).isEmpty();
  }

  @Test
  void remoteJwksVerifierGivesTheRightAnswerFromManyThreadsAndFetchesOnce() throws Exception {
    RSAKey rsa = TestTokens.rsaKey("rsa-1");
    ECKey ec = TestTokens.ecKey("ec-1");
    try (var server = new JwksServer()) {
      server.serve(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
      var verifier = JwksUrlVerifierTest.verifierFor(server.url());
      Map<String, TokenVerification> cases = new LinkedHashMap<>();
      for (int user = 1; user <= 3; user++) {
        cases.put(TestTokens.rs256(rsa, claims("" + user).build()), verified(user));
        cases.put(TestTokens.es256(ec, claims("" + (10 + user)).build()), verified(10 + user));
      }
      cases.put(
          TestTokens.rs256(TestTokens.rsaKey("rsa-1"), claims("1").build()),
          rejected("signature invalid"));
      cases.put(
          TestTokens.hs256(TestTokens.SECRET, claims("1").build()),
          rejected("algorithm not allowed: HS256"));
      cases.put("", rejected("malformed token"));

      // Every thread starts on an empty cache; they must share a single fetch.
      assertThat(hammer(verifier, cases)).isEmpty();
      assertThat(server.requests()).isEqualTo(1);
    }
  }

  /** Runs every case THREADS x ROUNDS times at once; returns the wrong answers seen. */
  private static List<String> hammer(
      JwtTokenVerifier verifier, Map<String, TokenVerification> cases) throws Exception {
    List<Map.Entry<String, TokenVerification>> list = List.copyOf(cases.entrySet());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      for (int t = 0; t < THREADS; t++) {
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<String> wrong = new ArrayList<>();
                  for (int i = 0; i < ROUNDS; i++) {
                    var expected = list.get((i + offset) % list.size());
                    TokenVerification actual = verifier.verify(expected.getKey());
                    if (!actual.equals(expected.getValue())) {
                      wrong.add(expected.getValue() + " but got " + actual);
                    }
                  }
                  return wrong;
                }));
      }
      start.countDown();
      List<String> wrong = new ArrayList<>();
      for (Future<List<String>> result : results) {
        wrong.addAll(result.get(60, TimeUnit.SECONDS));
      }
      return wrong;
    }
  }

  private static String expiredHs256() {
    var claims = claims("1").expirationTime(Date.from(NOW.minusSeconds(3600))).build();
    return TestTokens.hs256(TestTokens.SECRET, claims);
  }

  private static TokenVerification verified(long user) {
    return new Verified(UserId.of(user));
  }

  private static TokenVerification rejected(String reason) {
    return new Rejected(reason);
  }
}
