package chat.gateway.adapters.auth;

import static chat.gateway.adapters.auth.TestTokens.NOW;
import static chat.gateway.adapters.auth.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.application.port.out.TokenVerification.Rejected;
import chat.gateway.application.port.out.TokenVerification.Verified;
import chat.gateway.domain.UserId;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwksFileVerifierTest {

  private static final RSAKey RSA = TestTokens.rsaKey("rsa-1");
  private static final ECKey EC = TestTokens.ecKey("ec-1");

  @TempDir Path dir;
  private final TestTokens.MutableClock clock = new TestTokens.MutableClock();
  private JwtTokenVerifier verifier;

  @BeforeEach
  void writePublicKeys() throws Exception {
    Path file = write("jwks.json", new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())));
    verifier = new JwtTokenVerifier(JwtSettings.jwks(file.toString()).withClock(clock));
  }

  @Test
  void rs256AndEs256TokensAreVerified() {
    assertThat(verifier.verify(TestTokens.rs256(RSA, claims("1").build())))
        .isEqualTo(new Verified(UserId.of(1)));
    assertThat(verifier.verify(TestTokens.es256(EC, claims("2").build())))
        .isEqualTo(new Verified(UserId.of(2)));
  }

  @Test
  void tokenWithoutKeyIdIsVerifiedByKeyType() {
    String token =
        TestTokens.sign(new JWSHeader(JWSAlgorithm.RS256), claims("3").build(), rsaSigner(RSA));

    assertThat(verifier.verify(token)).isEqualTo(new Verified(UserId.of(3)));
  }

  @Test
  void tokenSignedWithAKeyNotInTheSetIsRejected() {
    String token = TestTokens.rs256(TestTokens.rsaKey("stranger"), claims("1").build());

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("no matching signing key"));
  }

  @Test
  void tokenSignedWithAnImpostorKeyUnderAKnownKeyIdHasAnInvalidSignature() {
    String token = TestTokens.rs256(TestTokens.rsaKey("rsa-1"), claims("1").build());

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("signature invalid"));
  }

  @Test
  void hs256SignedWithThePublicKeyIsRejected() throws Exception {
    // The classic algorithm confusion: the attacker knows the public key and uses it as an
    // HMAC secret, hoping the verifier feeds it to an HMAC check.
    byte[] encoded = RSA.toPublicKey().getEncoded();
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(encoded);
    for (byte[] secret :
        List.of(
            encoded,
            pem.getBytes(StandardCharsets.UTF_8),
            RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))) {
      String token = TestTokens.hs256(secret, claims("1").build());
      assertThat(verifier.verify(token)).isEqualTo(new Rejected("algorithm not allowed: HS256"));
    }
  }

  @Test
  void rs256HeaderOnAnEcKeyIdFindsNoKey() {
    // The kid names the EC key; an RSA algorithm must not make it usable.
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("ec-1").build();
    String token = TestTokens.sign(header, claims("1").build(), rsaSigner(RSA));

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("no matching signing key"));
  }

  @Test
  void unsecuredTokenIsRejected() {
    String token = TestTokens.unsecured("{\"alg\":\"none\"}", claims("1").build());

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("algorithm not allowed: none"));
  }

  @Test
  void claimsAreCheckedForJwksTokensToo() {
    String token = TestTokens.rs256(RSA, claims("1").expirationTime(Date.from(NOW)).build());
    clock.set(NOW.plusSeconds(3600));

    assertThat(verifier.verify(token)).isEqualTo(new Rejected("token expired"));
  }

  @Test
  void privateKeysInTheFileAreReducedToPublicOnes() throws Exception {
    Path file = write("private.json", new JWKSet(List.of(RSA, EC)));
    var fromPrivate = new JwtTokenVerifier(JwtSettings.jwks(file.toString()).withClock(clock));

    assertThat(fromPrivate.verify(TestTokens.es256(EC, claims("5").build())))
        .isEqualTo(new Verified(UserId.of(5)));
  }

  @Test
  void fileUriLocationWorks() throws Exception {
    Path file = write("by-uri.json", new JWKSet(RSA.toPublicJWK()));
    var byUri = new JwtTokenVerifier(JwtSettings.jwks(file.toUri().toString()).withClock(clock));

    assertThat(byUri.verify(TestTokens.rs256(RSA, claims("6").build())))
        .isEqualTo(new Verified(UserId.of(6)));
  }

  @Test
  void missingFileFailsConstructionNamingThePath() {
    Path missing = dir.resolve("nope.json");

    assertThatThrownBy(() -> new JwtTokenVerifier(JwtSettings.jwks(missing.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read JWKS file " + missing);
  }

  @Test
  void unparseableFileFailsConstructionNamingThePath() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"keys\": 42}");

    assertThatThrownBy(() -> new JwtTokenVerifier(JwtSettings.jwks(garbage.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JWKS file " + garbage + " is not a valid JWK set");
  }

  @Test
  void fileWithOnlySymmetricKeysFailsConstruction() throws Exception {
    OctetSequenceKey oct = new OctetSequenceKeyGenerator(256).keyID("oct").generate();
    Path file = write("oct.json", new JWKSet(oct));

    assertThatThrownBy(() -> new JwtTokenVerifier(JwtSettings.jwks(file.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JWKS file " + file + " contains no public keys");
  }

  private Path write(String name, JWKSet set) throws Exception {
    // includePublicOnly=false: the test decides what goes in the file.
    return Files.writeString(dir.resolve(name), set.toString(false));
  }

  private static RSASSASigner rsaSigner(RSAKey key) {
    try {
      return new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
