package chat.gateway.adapters.auth;

import static chat.gateway.adapters.auth.TestTokens.OTHER_SECRET;
import static chat.gateway.adapters.auth.TestTokens.SECRET;
import static chat.gateway.adapters.auth.TestTokens.claims;
import static chat.gateway.adapters.auth.TestTokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.application.port.out.TokenVerification.Rejected;
import chat.gateway.domain.UserId;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile or broken input: always a rejection, never an exception, never key material.
 *
 * <p>The hostile-token suite is spread by subject; each forgery has a named case: {@code alg: none}
 * and HS512 in {@link HmacTokenVerifierTest}, HS256 signed with the RSA public key (algorithm
 * confusion) and unknown or impostor keys in {@link JwksFileVerifierTest}, wrong signature,
 * expired, {@code nbf} in the future and missing {@code exp} in {@link HmacTokenVerifierTest},
 * wrong {@code iss}/{@code aud} in {@link ClaimsVerificationTest}, {@code sub} with a leading zero,
 * 0, too long or not numeric in {@link ClaimsVerificationTest}, and the edges of issue 7 (huge
 * {@code exp}, numeric {@code sub}, trailing newline, padding, {@code crit}) in {@link
 * TokenEdgeCaseTest}. Here: shapes, sizes and headers.
 */
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

  static Stream<Arguments> hostileHeaders() {
    return Stream.of(
        Arguments.of("header not JSON", "not json"),
        Arguments.of("header a JSON array", "[\"HS256\"]"),
        Arguments.of("header a JSON string", "\"HS256\""),
        Arguments.of("header without alg", "{\"typ\":\"JWT\"}"),
        Arguments.of("alg a number", "{\"alg\":256}"),
        Arguments.of("alg null", "{\"alg\":null}"),
        Arguments.of("duplicate alg", "{\"alg\":\"none\",\"alg\":\"HS256\"}"),
        Arguments.of("kid a number", "{\"alg\":\"HS256\",\"kid\":7}"),
        Arguments.of("typ a number", "{\"alg\":\"HS256\",\"typ\":7}"),
        Arguments.of("crit a string", "{\"alg\":\"HS256\",\"crit\":\"exp\"}"),
        Arguments.of("crit empty", "{\"alg\":\"HS256\",\"crit\":[]}"),
        Arguments.of("crit naming b64", "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}"),
        Arguments.of("jwk not a key", "{\"alg\":\"HS256\",\"jwk\":\"x\"}"),
        Arguments.of("x5c not a chain", "{\"alg\":\"HS256\",\"x5c\":[\"@@\"]}"),
        Arguments.of(
            "deeply nested",
            "{\"alg\":\"HS256\",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileHeaders")
  void hostileHeadersAreRejectedWithoutThrowing(String name, String headerJson) {
    String claims = TestTokens.base64Url(claims("42").build().toString());
    String signature = hs256(SECRET, claims("42").build()).split("\\.")[2];
    String token = TestTokens.base64Url(headerJson) + "." + claims + "." + signature;

    assertThat(verifier.verify(token)).isInstanceOf(Rejected.class);
  }

  @Test
  void claimsThatAreNotUtf8NeverNameAUser() throws Exception {
    // "sub":"42" with a UTF-16 surrogate encoded after the digits: JSON parsing makes it U+FFFD.
    byte[] json =
        concat(
            "{\"exp\":4102444800,\"sub\":\"42".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            "\"}".getBytes(StandardCharsets.UTF_8));
    JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(json));
    jws.sign(TestTokens.macSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

    assertThat(verifier.verify(jws.serialize()))
        .isEqualTo(new Rejected("sub must be a positive integer user id"));
  }

  @Test
  void headerThatIsNotJsonIsMalformed() {
    String token = TestTokens.base64Url("not json") + ".e30.c2ln";

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("malformed token"));
  }

  @Test
  void duplicateClaimsAreMalformedNotFirstOrLastWins() {
    // Two parsers that disagree on which "sub" counts are how a token names two users.
    String token = TestTokens.hs256Json(SECRET, "{\"sub\":\"1\",\"sub\":\"2\",\"exp\":4102444800}");

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("malformed token"));
  }

  @Test
  void encryptedTokenShapeIsMalformed() {
    assertThat(verifier.verify("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aXY.Y3Q.dGFn"))
        .isEqualTo(new Rejected("malformed token"));
  }

  @Test
  void tenKilobytesOfBase64JunkIsMalformed() {
    Random random = new Random(10);
    String junk =
        randomSegment(random, 3_500)
            + "."
            + randomSegment(random, 3_500)
            + "."
            + randomSegment(random, 500);
    assertThat(junk.length()).isBetween(10_000, JwtTokenVerifier.MAX_TOKEN_LENGTH);

    assertThat(verifier.verify(junk)).isEqualTo(new Rejected("malformed token"));
  }

  @Test
  void tenKilobyteTokenIsJudgedOnItsSignatureLikeAnyOther() {
    // Under the 16 KiB limit, size alone refuses nothing: a forged one fails on its signature.
    var claims = claims("42").claim("pad", "x".repeat(10_000)).build();
    String forged = hs256(OTHER_SECRET, claims);
    assertThat(forged.length()).isBetween(10_000, JwtTokenVerifier.MAX_TOKEN_LENGTH);

    assertThat(verifier.verify(forged)).isEqualTo(new Rejected("signature invalid"));
    assertThat(verifier.verify(hs256(SECRET, claims)))
        .isEqualTo(new TokenVerification.Verified(UserId.of(42)));
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
    return randomSegment(random, 1 + random.nextInt(64));
  }

  private static String randomSegment(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
