package chat.gateway.bootstrap;

import chat.gateway.adapters.auth.JwtMinter;
import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.client.cli.ProductVersion;
import chat.gateway.domain.UserId;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints an HS256 token for a user, signed with the same secret the gateway uses: {@code
 * GATEWAY_JWT_SECRET}, or the embedded default's development secret.
 */
@Command(
    name = "token",
    description = "Print a token for a user, valid for the gateway's shared or development secret.",
    mixinStandardHelpOptions = true,
    versionProvider = ProductVersion.class,
    defaultValueProvider = SettingDefaults.class)
final class TokenCommand implements Callable<Integer> {

  @Mixin AuthOptions auth;

  @Option(names = "--user", required = true, description = "The user id (the token's sub).")
  long user;

  @Option(
      names = "--ttl",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description = "How long the token is valid (default 24h).")
  Duration ttl;

  private final PrintStream out;

  TokenCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    GatewayConfig.Auth config = auth.toConfig();
    if (config.jwks().isPresent()) {
      throw new IllegalArgumentException(
          "GATEWAY_JWT_JWKS is set: tokens for RS256/ES256 keys come from your identity provider;"
              + " this command only signs with GATEWAY_JWT_SECRET or the development secret");
    }
    String secret = config.secret().orElseGet(() -> DevSecret.loadOrCreate(config.devSecretFile()));
    JwtSettings settings = JwtSettings.sharedSecret(secret);
    if (config.issuer().isPresent()) {
      settings = settings.withIssuer(config.issuer().get());
    }
    if (config.audience().isPresent()) {
      settings = settings.withAudience(config.audience().get());
    }
    out.println(new JwtMinter(settings).mint(UserId.of(user), ttl));
    return 0;
  }
}
