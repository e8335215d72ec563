package chat.gateway.bootstrap;

import chat.gateway.adapters.admin.AdminToken;
import picocli.CommandLine.Option;

/** The internal port: where /metrics and the admin API listen, and the admin API's token. */
final class AdminOptions {

  @Option(
      names = "--admin-host",
      description =
          "Address of the internal port (/metrics, /admin/); keep it off the internet"
              + " (env GATEWAY_ADMIN_HOST).")
  String host;

  @Option(
      names = "--admin-port",
      description =
          "Internal port for /metrics and /admin/; 0 picks a free one, which the banner names"
              + " (env GATEWAY_ADMIN_PORT).")
  int port;

  @Option(
      names = "--admin-token",
      description =
          "Bearer token of the admin API, 32 bytes or more; unset, the admin API is off"
              + " (env GATEWAY_ADMIN_TOKEN).")
  String token;

  GatewayConfig.Admin toConfig() {
    return new GatewayConfig.Admin(
        host.strip(), port, AuthOptions.present(token).map(AdminToken::of));
  }
}
