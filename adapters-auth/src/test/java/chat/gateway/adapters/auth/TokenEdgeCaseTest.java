package chat.gateway.adapters.auth;

import static chat.gateway.adapters.auth.TestTokens.NOW;
import static chat.gateway.adapters.auth.TestTokens.SECRET;
import static chat.gateway.adapters.auth.TestTokens.hs256Json;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.TokenVerification.Rejected;
import chat.gateway.application.port.out.TokenVerification.Verified;
import chat.gateway.domain.UserId;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edges of issue 7, defect 9, each decided here: a huge {@code exp} is far in the future, not
 * expired by overflow; a numeric {@code sub} is refused; the token must be exactly the compact
 * serialization, so a trailing newline or base64 padding makes it malformed.
 */
class TokenEdgeCaseTest {

  private static final long NOW_SECONDS = NOW.getEpochSecond();
  private static final long SKEW_SECONDS = JwtSettings.DEFAULT_CLOCK_SKEW.toSeconds();
  private static final Verified USER_42 = new Verified(UserId.of(42));

  private final TestTokens.MutableClock clock = new TestTokens.MutableClock();
  private final JwtTokenVerifier verifier =
      new JwtTokenVerifier(JwtSettings.sharedSecret(SECRET).withClock(clock));

  private static String claims(String sub, String exp) {
    return "{\"sub\":" + sub + ",\"exp\":" + exp + "}";
  }

  @ParameterizedTest(name = "exp = {0}")
  @ValueSource(
      strings = {
        "9223372036854775807", // 2^63-1: nimbus's Date wrapped it round to 1969
        "9223372036854775808", // 2^63, above int64: a double
        "99999999999999999999999999",
        "1e300",
        "1.7976931348623157e308", // the largest double
        "31556889864403199", // Instant.MAX in seconds
        "31556889864403200",
        "9223372036854776", // just over Long.MAX_VALUE / 1000, where the overflow began
        "4102444800" // 2100-01-01, an ordinary far date
      })
  void aFarFutureExpIsValidNotExpiredByOverflow(String exp) {
    assertThat(verifier.verify(hs256Json(SECRET, claims("\"42\"", exp)))).isEqualTo(USER_42);
  }

  @ParameterizedTest(name = "exp = {0}")
  @ValueSource(strings = {"-9223372036854775808", "-1e300", "0", "1622548770"})
  void aPastExpIsExpiredWhateverItsSize(String exp) {
    // 1622548770 is NOW minus the skew: "now" must be strictly before exp plus the skew.
    assertThat(verifier.verify(hs256Json(SECRET, claims("\"42\"", exp))))
        .isEqualTo(new Rejected("token expired"));
  }

  @Test
  void aFractionalExpIsHonouredToTheSubSecond() {
    String expiresHalfASecondAfterTheSkew =
        hs256Json(SECRET, claims("\"42\"", (NOW_SECONDS - SKEW_SECONDS) + ".5"));

    assertThat(verifier.verify(expiresHalfASecondAfterTheSkew)).isEqualTo(USER_42);
    clock.set(NOW.plusMillis(500));
    assertThat(verifier.verify(expiresHalfASecondAfterTheSkew))
        .isEqualTo(new Rejected("token expired"));
  }

  @Test
  void anExpBeyondWhatADoubleHoldsIsMalformedJson() {
    // 1e400 is valid JSON syntax, but no JSON library here holds it; nimbus refuses the payload.
    assertThat(verifier.verify(hs256Json(SECRET, claims("\"42\"", "1e400"))))
        .isEqualTo(new Rejected("malformed token"));
  }

  @ParameterizedTest(name = "nbf = {0}")
  @ValueSource(strings = {"9223372036854775807", "1e300", "31556889864403200"})
  void aFarFutureNbfIsNotYetValidNotWrappedIntoThePast(String nbf) {
    String json = "{\"sub\":\"42\",\"exp\":4102444800,\"nbf\":" + nbf + "}";

    assertThat(verifier.verify(hs256Json(SECRET, json)))
        .isEqualTo(new Rejected("token not yet valid"));
  }

  @ParameterizedTest(name = "nbf = {0}")
  @ValueSource(strings = {"-9223372036854775808", "-1e300", "0"})
  void aFarPastNbfIsReached(String nbf) {
    String json = "{\"sub\":\"42\",\"exp\":4102444800,\"nbf\":" + nbf + "}";

    assertThat(verifier.verify(hs256Json(SECRET, json))).isEqualTo(USER_42);
  }

  @ParameterizedTest(name = "sub = {0}")
  @ValueSource(
      strings = {
        "42", // nimbus would read it as "42"
        "9007199254740993", // 2^53+1: a double in the issuer's JSON tooling holds 2^53
        "9223372036854775807",
        "4.2e1", // nimbus: "42.0"
        "42.0"
      })
  void aNumericSubIsRefusedEvenWhenItIsAnExactInteger(String sub) {
    assertThat(verifier.verify(hs256Json(SECRET, claims(sub, "4102444800"))))
        .isEqualTo(new Rejected("sub must be a string, not a JSON number"));
  }

  @Test
  void theSameSubAsAStringIsAccepted() {
    assertThat(verifier.verify(hs256Json(SECRET, claims("\"9007199254740993\"", "4102444800"))))
        .isEqualTo(new Verified(UserId.of(9_007_199_254_740_993L)));
  }

  static Stream<Arguments> notExactlyCompact() {
    return Stream.of(
        Arguments.of("trailing newline", (Wrap) t -> t + "\n"),
        Arguments.of("trailing CRLF", (Wrap) t -> t + "\r\n"),
        Arguments.of("leading newline", (Wrap) t -> "\n" + t),
        Arguments.of("trailing space", (Wrap) t -> t + " "),
        Arguments.of("leading space", (Wrap) t -> " " + t),
        Arguments.of("tab inside", (Wrap) t -> t.replaceFirst("\\.", ".\t")),
        Arguments.of("one = after the signature", (Wrap) t -> t + "="),
        Arguments.of("two = after the signature", (Wrap) t -> t + "=="),
        Arguments.of("padding after the header", (Wrap) t -> t.replaceFirst("\\.", "=.")),
        Arguments.of("standard base64 alphabet", (Wrap) TokenEdgeCaseTest::standardAlphabet),
        Arguments.of("fourth empty segment", (Wrap) t -> t + "."),
        Arguments.of("non-ASCII digit appended", (Wrap) t -> t + "٣"));
  }

  @FunctionalInterface
  interface Wrap {
    String apply(String token);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notExactlyCompact")
  void aTokenThatIsNotExactlyTheCompactSerializationIsMalformed(String name, Wrap wrap) {
    String token = hs256Json(SECRET, claims("\"42\"", "4102444800"));
    assertThat(verifier.verify(token)).isEqualTo(USER_42);

    String altered = wrap.apply(token);
    assertThat(altered).isNotEqualTo(token);
    assertThat(verifier.verify(altered)).isEqualTo(new Rejected("malformed token"));
  }

  @Test
  void aCriticalHeaderIsRefusedByName() {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.HS256)
            .criticalParams(Set.of("x-policy"))
            .customParam("x-policy", "strict")
            .build();
    String token =
        TestTokens.signJson(
            header,
            claims("\"42\"", "4102444800"),
            TestTokens.macSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

    assertThat(verifier.verify(token))
        .isEqualTo(new Rejected("critical header parameters not supported"));
  }

  @Test
  void anExpThatIsNotANumberIsMalformed() {
    assertThat(verifier.verify(hs256Json(SECRET, claims("\"42\"", "\"4102444800\""))))
        .isEqualTo(new Rejected("malformed token"));
  }

  @Test
  void numericDatesSaturateAtTheEndsOfTime() {
    assertThat(ClaimsPolicy.numericDate(Long.MAX_VALUE)).isEqualTo(Instant.MAX);
    assertThat(ClaimsPolicy.numericDate(Long.MIN_VALUE)).isEqualTo(Instant.MIN);
    assertThat(ClaimsPolicy.numericDate(1e300)).isEqualTo(Instant.MAX);
    assertThat(ClaimsPolicy.numericDate(-1e300)).isEqualTo(Instant.MIN);
    assertThat(ClaimsPolicy.numericDate(Double.NaN)).isEqualTo(Instant.MIN);
    assertThat(ClaimsPolicy.numericDate(1_622_548_800.25))
        .isEqualTo(Instant.parse("2021-06-01T12:00:00.250Z"));
    assertThat(ClaimsPolicy.numericDate(NOW_SECONDS)).isEqualTo(NOW);
  }

  /** The signature's first character replaced by '+', of the standard base64 alphabet. */
  private static String standardAlphabet(String token) {
    int signature = token.lastIndexOf('.') + 1;
    return token.substring(0, signature) + "+" + token.substring(signature + 1);
  }
}
