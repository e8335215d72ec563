package chat.gateway.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The token settings shared by {@code serve} and {@code token}; each defaults to its variable. */
final class AuthOptions {

  @Option(
      names = "--jwt-secret",
      defaultValue = "${env:GATEWAY_JWT_SECRET}",
      description = "HS256 shared secret, UTF-8, at least 32 bytes (env GATEWAY_JWT_SECRET).")
  String secret;

  @Option(
      names = "--jwt-jwks",
      defaultValue = "${env:GATEWAY_JWT_JWKS}",
      description = "JWKS URL or file for RS256/ES256 tokens (env GATEWAY_JWT_JWKS).")
  String jwks;

  @Option(
      names = "--jwt-issuer",
      defaultValue = "${env:GATEWAY_JWT_ISSUER}",
      description = "Required iss claim, when set (env GATEWAY_JWT_ISSUER).")
  String issuer;

  @Option(
      names = "--jwt-audience",
      defaultValue = "${env:GATEWAY_JWT_AUDIENCE}",
      description = "Required aud claim, when set (env GATEWAY_JWT_AUDIENCE).")
  String audience;

  @Option(
      names = "--jwt-clock-skew",
      defaultValue = "${env:GATEWAY_JWT_CLOCK_SKEW:-30s}",
      converter = DurationConverter.class,
      description = "Allowed clock difference for exp/nbf (env GATEWAY_JWT_CLOCK_SKEW).")
  Duration clockSkew;

  @Option(
      names = "--dev-secret-file",
      defaultValue =
          "${env:GATEWAY_DEV_SECRET_FILE:-${sys:user.home}/.chat-gateway/dev-jwt-secret}",
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
