package chat.gateway.adapters.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;

/** Builds tokens and keys for the tests, signing them with nimbus directly (not with JwtMinter). */
final class TestTokens {

  static final String SECRET = "test-secret-0123456789-abcdefghijklmnop";
  static final String OTHER_SECRET = "another-secret-0123456789-abcdefghijklmn";
  // Far from the real date, so a verifier that read the system clock would fail the tests.
  static final Instant NOW = Instant.parse("2021-06-01T12:00:00Z");

  private TestTokens() {}

  /** A clock the test moves by hand. */
  static final class MutableClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);

    @Override
    public Instant instant() {
      return now.get();
    }

    void set(Instant instant) {
      now.set(instant);
    }
  }

  /** Claims for user {@code sub}, issued at {@link #NOW}, expiring an hour later. */
  static JWTClaimsSet.Builder claims(String sub) {
    return new JWTClaimsSet.Builder()
        .subject(sub)
        .issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
  }

  static String hs256(String secret, JWTClaimsSet claims) {
    return sign(
        new JWSHeader(JWSAlgorithm.HS256),
        claims,
        macSigner(secret.getBytes(StandardCharsets.UTF_8)));
  }

  static String hs256(byte[] secret, JWTClaimsSet claims) {
    return sign(new JWSHeader(JWSAlgorithm.HS256), claims, macSigner(secret));
  }

  static String rs256(RSAKey key, JWTClaimsSet claims) {
    try {
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build();
      return sign(header, claims, new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String es256(ECKey key, JWTClaimsSet claims) {
    try {
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build();
      return sign(header, claims, new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** A token whose claims are exactly {@code claimsJson}, byte for byte, signed with HS256. */
  static String hs256Json(String secret, String claimsJson) {
    return signJson(
        new JWSHeader(JWSAlgorithm.HS256),
        claimsJson,
        macSigner(secret.getBytes(StandardCharsets.UTF_8)));
  }

  static String signJson(JWSHeader header, String claimsJson, JWSSigner signer) {
    JWSObject jws = new JWSObject(header, new Payload(claimsJson));
    try {
      jws.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jws.serialize();
  }

  static MACSigner macSigner(byte[] secret) {
    try {
      return new MACSigner(secret);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsecured JWT built by hand: {"alg":"none"} header, the payload, empty signature. */
  static String unsecured(String headerJson, JWTClaimsSet claims) {
    return base64Url(headerJson) + "." + base64Url(claims.toString()) + ".";
  }

  static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static RSAKey rsaKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ecKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
