package chat.gateway.load;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Mints HS256 tokens the gateway accepts: the claims of the gateway's own {@code token} command
 * ({@code sub} the user id as a decimal string, {@code iat}, {@code exp}, {@code iss}/{@code aud}
 * when the gateway checks them), signed with the UTF-8 bytes of the shared secret. Thread-safe.
 */
public final class Tokens {

  private final MACSigner signer;
  private final Optional<String> issuer;
  private final Optional<String> audience;
  private final Duration ttl;

  public Tokens(String secret, Optional<String> issuer, Optional<String> audience, Duration ttl) {
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    if (key.length < 32) {
      throw new IllegalArgumentException(
          "the HS256 secret must be at least 32 bytes (got " + key.length + ")");
    }
    try {
      this.signer = new MACSigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the HS256 secret is not usable: " + e.getMessage(), e);
    }
    this.issuer = issuer;
    this.audience = audience;
    this.ttl = ttl;
  }

  /** The secret in {@code file} (the gateway's development secret file), stripped. */
  public static String readSecret(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the secret file "
              + file
              + " (start the gateway once to create it, or give --secret)",
          e);
    }
  }

  public String mint(long user) {
    Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(Long.toString(user))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)));
    issuer.ifPresent(claims::issuer);
    audience.ifPresent(claims::audience);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
            claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("HS256 signing failed", e);
    }
    return jwt.serialize();
  }
}
