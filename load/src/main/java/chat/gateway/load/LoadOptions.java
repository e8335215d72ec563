package chat.gateway.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every scenario shares: where to connect, as whom, what to report where. */
public final class LoadOptions {

  /** What the connections talk to. */
  public enum Target {
    /** The chat gateway: each connection authenticates with a token, then speaks the protocol. */
    gateway,
    /** The load module's echo server: no auth, every frame comes back. */
    echo
  }

  @Option(
      names = "--url",
      split = ",",
      description =
          "WebSocket URL(s) of the gateway or echo server (default ws://127.0.0.1:8443/ws)."
              + " fanout puts device i on URL i mod n.")
  public List<URI> urls = List.of(URI.create("ws://127.0.0.1:8443/ws"));

  @Option(
      names = "--target",
      description = "gateway (default) or echo: the echo-server baseline (no auth).")
  public Target target = Target.gateway;

  @Option(
      names = "--users",
      description =
          "The user id range the gateway knows (its GATEWAY_USERS), FIRST-LAST (default 1-1000).")
  String users = "1-1000";

  @Option(
      names = "--secret",
      description = "The gateway's HS256 secret (GATEWAY_JWT_SECRET). Default: read --secret-file.")
  String secret;

  @Option(
      names = "--secret-file",
      description =
          "The embedded gateway's development secret file (default ~/.chat-gateway/dev-jwt-secret).")
  Path secretFile = Path.of(System.getProperty("user.home"), ".chat-gateway", "dev-jwt-secret");

  @Option(names = "--jwt-issuer", description = "iss claim, when the gateway checks one.")
  String issuer;

  @Option(names = "--jwt-audience", description = "aud claim, when the gateway checks one.")
  String audience;

  @Option(
      names = "--source-addresses",
      description =
          "Loopback source addresses 127.0.0.2, 127.0.0.3, ... to spread connections over (each has"
              + " its own ephemeral ports). Default: one per 2,000 connections. Only for loopback"
              + " targets; 0 lets the kernel choose.")
  Integer sourceAddresses;

  @Option(
      names = "--io-threads",
      description = "Selector threads of the generator (default: available processors).")
  int ioThreads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--server-pid",
      description =
          "The server's process id, for its CPU and memory. Default: the process listening on the"
              + " first URL's port, when it runs on this machine.")
  Long serverPid;

  @Option(names = "--json", description = "Write the summary as JSON to this file.")
  Path json;

  @Option(
      names = "--progress",
      description = "Seconds between progress lines (default 5; 0: none).")
  int progressSeconds = 5;

  @Option(
      names = "--token-ttl",
      description = "Lifetime of the minted tokens in seconds (default 3600).")
  long tokenTtlSeconds = 3600;

  Tokens tokens() {
    String key = secret;
    if (key == null) {
      key = System.getenv("GATEWAY_JWT_SECRET");
    }
    if (key == null || key.isBlank()) {
      key = Tokens.readSecret(secretFile);
    }
    return new Tokens(
        key,
        Optional.ofNullable(issuer),
        Optional.ofNullable(audience),
        Duration.ofSeconds(tokenTtlSeconds));
  }

  /** The user range as {first, last}. */
  long[] userRange() {
    String[] parts = users.strip().split("-");
    try {
      long first = Long.parseLong(parts[0].strip());
      long last = parts.length > 1 ? Long.parseLong(parts[1].strip()) : first;
      if (parts.length > 2 || first < 1 || last < first) {
        throw new NumberFormatException();
      }
      return new long[] {first, last};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--users must be a range FIRST-LAST of positive ids, e.g. 1-1000 (got '" + users + "')");
    }
  }
}
