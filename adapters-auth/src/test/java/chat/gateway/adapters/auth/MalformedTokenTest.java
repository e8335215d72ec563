package chat.gateway.adapters.auth;

import static chat.gateway.adapters.auth.TestTokens.OTHER_SECRET;
import static chat.gateway.adapters.auth.TestTokens.SECRET;
import static chat.gateway.adapters.auth.TestTokens.claims;
import static chat.gateway.adapters.auth.TestTokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.application.port.out.TokenVerification.Rejected;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile or broken input: always a rejection, never an exception, never key material. */
class MalformedTokenTest {

  private final JwtTokenVerifier verifier =
      new JwtTokenVerifier(
          JwtSettings.sharedSecret(SECRET).withClock(new TestTokens.MutableClock()));

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        " ",
        "abc",
        "a.b.c",
        "a.b",
        "..",
        "a.b.c.d",
        "eyJhbGciOiJIUzI1NiJ9.not-json.c2ln",
        "eyJhbGciOiJIUzI1NiJ9.WzFd.c2ln",
        "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiJzb29uIn0.c2ln",
        "e30.e30.",
        "bm90IGEgdG9rZW4gYXQgYWxs"
      })
  void malformedStringsAreRejectedWithoutThrowing(String token) {
    assertThat(verifier.verify(token)).isEqualTo(new Rejected("malformed token"));
  }

  @Test
  void oversizedTokenIsRejectedUnread() {
    String padded =
        hs256(
            SECRET,
            claims("42").claim("pad", "x".repeat(JwtTokenVerifier.MAX_TOKEN_LENGTH)).build());

    assertThat(verifier.verify(padded)).isEqualTo(new Rejected("token too long"));
  }

  @Test
  void randomInputNeverThrowsAndIsNeverVerified() {
    Random random = new Random(20210601);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    for (int i = 0; i < 2_000; i++) {
      StringBuilder token = new StringBuilder();
      int length = random.nextInt(120);
      for (int j = 0; j < length; j++) {
        token.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(verifier.verify(token.toString())).isInstanceOf(Rejected.class);
    }
  }

  @Test
  void randomBase64SegmentsAreRejected() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      String token =
          randomSegment(random) + "." + randomSegment(random) + "." + randomSegment(random);
      assertThat(verifier.verify(token)).isInstanceOf(Rejected.class);
    }
  }

  @Test
  void reasonsNeverContainTheSecret() {
    List<String> tokens =
        List.of(
            hs256(OTHER_SECRET, claims("42").build()),
            hs256(SECRET, claims("alice").build()),
            hs256(SECRET, claims("42").expirationTime(null).build()),
            "garbage");
    for (String token : tokens) {
      TokenVerification outcome = verifier.verify(token);
      assertThat(outcome).isInstanceOf(Rejected.class);
      assertThat(((Rejected) outcome).reason()).doesNotContain(SECRET).hasSizeLessThan(60);
    }
  }

  private static String randomSegment(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(64)];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
