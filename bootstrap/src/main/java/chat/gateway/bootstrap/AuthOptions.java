package chat.gateway.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The token settings shared by {@code serve} and {@code token}; each defaults to its variable. */
final class AuthOptions {

  @Option(
      names = "--jwt-secret",
      description = "HS256 shared secret, UTF-8, at least 32 bytes (env GATEWAY_JWT_SECRET).")
  String secret;

  @Option(
      names = "--jwt-jwks",
      description = "JWKS URL or file for RS256/ES256 tokens (env GATEWAY_JWT_JWKS).")
  String jwks;

  @Option(
      names = "--jwt-issuer",
      description = "Required iss claim, when set (env GATEWAY_JWT_ISSUER).")
  String issuer;

  @Option(
      names = "--jwt-audience",
      description = "Required aud claim, when set (env GATEWAY_JWT_AUDIENCE).")
  String audience;

  @Option(
      names = "--jwt-clock-skew",
      converter = DurationConverter.class,
      description = "Allowed clock difference for exp/nbf (env GATEWAY_JWT_CLOCK_SKEW).")
  Duration clockSkew;

  @Option(
      names = "--dev-secret-file",
      description =
          "Where the embedded default keeps its development secret (env GATEWAY_DEV_SECRET_FILE).")
  Path devSecretFile;

  GatewayConfig.Auth toConfig() {
    return new GatewayConfig.Auth(
        present(secret),
        present(jwks),
        present(issuer),
        present(audience),
        clockSkew,
        devSecretFile);
  }

  static Optional<String> present(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }
}
