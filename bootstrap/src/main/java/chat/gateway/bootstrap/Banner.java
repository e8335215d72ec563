package chat.gateway.bootstrap;

/** What the gateway prints at start: what it is, and what is not durable. */
final class Banner {

  private Banner() {}

  static String describe(GatewayConfig config, int port) {
    String scheme = config.server().tls().isPresent() ? "wss" : "ws";
    StringBuilder text = new StringBuilder();
    text.append("chat gateway listening on ")
        .append(scheme)
        .append("://")
        .append(config.server().host())
        .append(':')
        .append(port)
        .append("/ws\n");
    text.append("  mode:     embedded default, single node, in-memory adapters\n");
    text.append(
        "  WARNING:  NOT DURABLE: messages, presence and routing live in memory and are lost when"
            + " this process stops\n");
    GatewayConfig.Auth auth = config.auth();
    if (auth.usesDevelopmentSecret()) {
      text.append("  auth:     DEVELOPMENT KEY (HS256) kept in ")
          .append(auth.devSecretFile())
          .append("; set GATEWAY_JWT_SECRET or GATEWAY_JWT_JWKS in production\n");
      text.append("  tokens:   ./gateway.sh token --user 42\n");
    } else if (auth.jwks().isPresent()) {
      text.append("  auth:     RS256/ES256 keys from ").append(auth.jwks().get()).append('\n');
    } else {
      text.append("  auth:     HS256 shared secret from GATEWAY_JWT_SECRET\n");
    }
    text.append("  users:    ").append(config.users()).append('\n');
    text.append("  presence: ").append(config.audience().name().toLowerCase()).append('\n');
    text.append("  health:   http://").append(config.server().host()).append(':').append(port);
    text.append("/healthz and /readyz");
    return text.toString();
  }
}
