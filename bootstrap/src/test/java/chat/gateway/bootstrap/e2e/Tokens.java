package chat.gateway.bootstrap.e2e;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Hand-made tokens for the auth failure cases. */
final class Tokens {

  private Tokens() {}

  /** An HS256 token for {@code sub}, valid for an hour, changed by {@code claims}. */
  static String hs256(String secret, String sub, UnaryOperator<JWTClaimsSet.Builder> claims) {
    Instant now = Instant.now();
    JWTClaimsSet set =
        claims
            .apply(
                new JWTClaimsSet.Builder()
                    .subject(sub)
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(3600))))
            .build();
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), set);
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsecured token ({@code alg: none}) for {@code sub}. */
  static String unsecured(String sub) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    long exp = Instant.now().plusSeconds(3600).getEpochSecond();
    String body =
        b64.encodeToString(
            ("{\"sub\":\"" + sub + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
    return header + "." + body + ".";
  }
}
