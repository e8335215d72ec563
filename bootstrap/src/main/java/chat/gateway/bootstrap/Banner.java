package chat.gateway.bootstrap;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/** What the gateway prints at start: what it is, and what is not durable. */
final class Banner {

  private Banner() {}

  /** With the internal port as configured (0 stays 0). */
  static String describe(GatewayConfig config, int port) {
    return describe(config, port, config.admin().port());
  }

  static String describe(GatewayConfig config, int port, int adminPort) {
    String scheme = config.server().tls().isPresent() ? "wss" : "ws";
    StringBuilder text = new StringBuilder();
    text.append("chat gateway listening on ")
        .append(scheme)
        .append("://")
        .append(config.server().host())
        .append(':')
        .append(port)
        .append("/ws\n");
    GatewayConfig.Cluster cluster = config.cluster();
    if (cluster.shared().isPresent()) {
      GatewayConfig.Shared shared = cluster.shared().get();
      text.append("  mode:     cluster instance ")
          .append(cluster.instanceId())
          .append(" (liveness ttl ")
          .append(Setting.duration(cluster.livenessTtl()))
          .append(")\n");
      text.append("  routing:  presence and routes in Redis at ")
          .append(hostOf(shared.redis().url()))
          .append(", events through Kafka at ")
          .append(shared.kafka().bootstrapServers())
          .append('\n');
      text.append("  messages: durable in PostgreSQL at ")
          .append(withoutCredentials(config.database().orElseThrow().url()))
          .append('\n');
    } else if (config.database().isPresent()) {
      text.append("  mode:     single node, messages and users in PostgreSQL\n");
      text.append("  messages: durable in PostgreSQL at ")
          .append(withoutCredentials(config.database().get().url()))
          .append('\n');
    } else {
      text.append("  mode:     embedded default, single node, in-memory adapters\n");
      text.append(
          "  WARNING:  NOT DURABLE: messages, presence and routing live in memory and are lost"
              + " when this process stops\n");
      text.append("  messages: ").append(keeps(config.memoryStore())).append('\n');
    }
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
    text.append("  users:    ")
        .append(
            config.database().isPresent()
                ? "in PostgreSQL (./gateway.sh users add 1-1000)"
                : config.users())
        .append('\n');
    text.append("  presence: ").append(config.audience().name().toLowerCase()).append('\n');
    text.append("  health:   http://").append(config.server().host()).append(':').append(port);
    text.append("/healthz and /readyz\n");
    GatewayConfig.Admin admin = config.admin();
    text.append("  metrics:  http://")
        .append(admin.host())
        .append(':')
        .append(adminPort)
        .append("/metrics\n");
    text.append("  admin:    ")
        .append(
            admin.token().isPresent()
                ? "on, under /admin/ on the metrics port (bearer GATEWAY_ADMIN_TOKEN)"
                : "off; set GATEWAY_ADMIN_TOKEN to turn it on");
    return text.toString();
  }

  /** A Redis URL's host and port, without the password it may hold. */
  static String hostOf(String url) {
    URI uri = URI.create(url);
    return uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
  }

  /** A JDBC URL without its query (where a password may be). */
  static String withoutCredentials(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /** What the embedded store keeps, e.g. "kept in memory: up to 1,000,000 / 256 MiB / 7 days". */
  static String keeps(GatewayConfig.MemoryStore store) {
    return String.format(
        Locale.ROOT,
        "kept in memory, up to %,d message%s / %s / %s (oldest evicted first); lost on restart",
        store.maxMessages(),
        store.maxMessages() == 1 ? "" : "s",
        bytes(store.maxBytes()),
        age(store.maxAge()));
  }

  private static String bytes(long bytes) {
    long mib = 1024 * 1024;
    if (bytes % (1024 * mib) == 0) {
      return bytes / (1024 * mib) + " GiB";
    }
    if (bytes % mib == 0) {
      return bytes / mib + " MiB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }

  private static String age(Duration age) {
    if (age.toMillis() % Duration.ofDays(1).toMillis() == 0) {
      return plural(age.toDays(), "day");
    }
    if (age.toMillis() % Duration.ofHours(1).toMillis() == 0) {
      return plural(age.toHours(), "hour");
    }
    if (age.toMillis() % Duration.ofMinutes(1).toMillis() == 0) {
      return plural(age.toMinutes(), "minute");
    }
    if (age.toMillis() % 1000 == 0) {
      return plural(age.toSeconds(), "second");
    }
    return age.toMillis() + " ms";
  }

  private static String plural(long amount, String unit) {
    return amount + " " + unit + (amount == 1 ? "" : "s");
  }
}
