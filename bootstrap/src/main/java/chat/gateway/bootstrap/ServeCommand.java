package chat.gateway.bootstrap;

import chat.gateway.application.session.GatewayCoreBuilder.AudienceMode;
import chat.gateway.client.cli.ProductVersion;
import chat.gateway.domain.Limits;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Starts the gateway and runs until SIGTERM/SIGINT. Every option defaults to its variable, and that
 * to its {@link Setting}'s default.
 */
@Command(
    name = "serve",
    description = "Start the gateway (the default command).",
    mixinStandardHelpOptions = true,
    versionProvider = ProductVersion.class,
    defaultValueProvider = SettingDefaults.class)
final class ServeCommand implements Callable<Integer> {

  @Mixin LimitOptions limits;
  @Mixin AuthOptions auth;
  @Mixin MemoryStoreOptions memoryStore;
  @Mixin DatabaseOptions database;
  @Mixin ClusterOptions cluster;
  @Mixin AdminOptions admin;
  @Mixin DrainOptions drain;

  @Option(names = "--host", description = "Listen address (env GATEWAY_HOST).")
  String host;

  @Option(names = "--port", description = "Listen port (env GATEWAY_PORT).")
  int port;

  @Option(
      names = "--users",
      description = "User ids the embedded directory knows, e.g. 1-1000,4242 (env GATEWAY_USERS).")
  String users;

  @Option(
      names = "--allowed-origins",
      description =
          "Comma-separated browser origins allowed to connect; empty allows all (env GATEWAY_ALLOWED_ORIGINS).")
  String allowedOrigins;

  @Option(
      names = "--tls-cert",
      description = "PEM certificate chain, or a .p12/.pfx keystore (env GATEWAY_TLS_CERT).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      description = "PEM PKCS#8 private key for --tls-cert (env GATEWAY_TLS_KEY).")
  Path tlsKey;

  @Option(
      names = "--tls-password",
      description = "PKCS#12 keystore password (env GATEWAY_TLS_PASSWORD).")
  String tlsPassword;

  @Option(
      names = "--presence-audience",
      description = "all or subscribed (env GATEWAY_PRESENCE_AUDIENCE).")
  String audience;

  @Option(
      names = "--io-threads",
      description = "Undertow I/O threads; 0 means one per core (env GATEWAY_IO_THREADS).")
  int ioThreads;

  @Option(
      names = "--handshake-timeout",
      converter = DurationConverter.class,
      description =
          "Connect to a complete upgrade request; idle HTTP connections too (env GATEWAY_HANDSHAKE_TIMEOUT).")
  Duration handshakeTimeout;

  @Option(
      names = "--max-handshakes",
      description =
          "Sockets held before their WebSocket upgrade; more close the oldest (env GATEWAY_MAX_HANDSHAKES).")
  int maxHandshakes;

  @Option(
      names = "--shutdown-timeout",
      converter = DurationConverter.class,
      description = "Longest graceful shutdown (env GATEWAY_SHUTDOWN_TIMEOUT).")
  Duration shutdownTimeout;

  @Option(
      names = "--log-format",
      description =
          "text, or json: one JSON object per line, for log pipelines (env GATEWAY_LOG_FORMAT).")
  String logFormat;

  private final PrintStream out;

  ServeCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws InterruptedException {
    // Before anything logs: the logging configuration picks its appender by this property.
    System.setProperty(Setting.LOG_FORMAT.variable(), logFormat(logFormat));
    GatewayConfig config = toConfig();
    Gateway gateway = Gateway.start(config);
    out.println(Banner.describe(config, gateway.port(), gateway.adminPort()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Printed, not logged: the logging system may stop in its own shutdown hook.
                  out.println("chat gateway shutting down: closing connections with 1001");
                  gateway.shutdown();
                  out.println("chat gateway stopped");
                  stopped.countDown();
                },
                "gateway-shutdown"));
    stopped.await();
    return 0;
  }

  GatewayConfig toConfig() {
    Optional<GatewayConfig.Tls> tls =
        Optional.ofNullable(tlsCert)
            .map(cert -> new GatewayConfig.Tls(cert, Optional.ofNullable(tlsKey), tlsPassword));
    if (tls.isPresent() && tlsKey == null && !isKeystore(tlsCert)) {
      throw new IllegalArgumentException(
          "GATEWAY_TLS_CERT is a PEM certificate: set GATEWAY_TLS_KEY to its PKCS#8 key");
    }
    Set<String> origins =
        AuthOptions.present(allowedOrigins).stream()
            .flatMap(list -> Arrays.stream(list.split(",")))
            .map(String::strip)
            .filter(origin -> !origin.isEmpty())
            .collect(Collectors.toSet());
    int threads =
        ioThreads > 0 ? ioThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
    return new GatewayConfig(
        new GatewayConfig.Server(
            host, port, tls, origins, threads, handshakeTimeout, maxHandshakes, drain.toPace()),
        auth.toConfig(),
        limits.toLimits(),
        users,
        audienceMode(audience),
        shutdownTimeout,
        memoryStore.toConfig(),
        database.toSettings(),
        cluster.toConfig(),
        admin.toConfig());
  }

  private static boolean isKeystore(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".p12") || name.endsWith(".pfx");
  }

  /** The name of the logging configuration's appender for {@code value}. */
  static String logFormat(String value) {
    String format = value.strip().toLowerCase(Locale.ROOT);
    return switch (format) {
      case "text", "json" -> format;
      default ->
          throw new IllegalArgumentException(
              "GATEWAY_LOG_FORMAT must be text or json, got '" + value + "'");
    };
  }

  static AudienceMode audienceMode(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "all" -> AudienceMode.ALL;
      case "subscribed" -> AudienceMode.SUBSCRIBED;
      default ->
          throw new IllegalArgumentException(
              "GATEWAY_PRESENCE_AUDIENCE must be all or subscribed, got '" + value + "'");
    };
  }

  /** How much the embedded message store keeps; the oldest messages are evicted beyond it. */
  static final class MemoryStoreOptions {
    @Option(
        names = "--memory-store-max-messages",
        description = "Messages kept in memory (env GATEWAY_MEMORY_STORE_MAX_MESSAGES).")
    long maxMessages;

    @Option(
        names = "--memory-store-max-bytes",
        description =
            "Estimated bytes of the messages kept in memory: content plus 512 per message"
                + " (env GATEWAY_MEMORY_STORE_MAX_BYTES).")
    long maxBytes;

    @Option(
        names = "--memory-store-max-age",
        converter = DurationConverter.class,
        description = "Longest a message is kept in memory (env GATEWAY_MEMORY_STORE_MAX_AGE).")
    Duration maxAge;

    GatewayConfig.MemoryStore toConfig() {
      return new GatewayConfig.MemoryStore(maxMessages, maxBytes, maxAge);
    }
  }

  /** The protocol's limits; each defaults to its variable, and those to {@link Limits#defaults}. */
  static final class LimitOptions {
    @Option(
        names = "--max-connections-per-user",
        description = "A further login evicts the oldest (env GATEWAY_MAX_CONNECTIONS_PER_USER).")
    int perUser;

    @Option(
        names = "--max-connections",
        description = "Open sockets per instance (env GATEWAY_MAX_CONNECTIONS).")
    int total;

    @Option(
        names = "--send-queue",
        description =
            "Frames queued per connection; a sender waits for room, up to the write timeout"
                + " (env GATEWAY_SEND_QUEUE).")
    int sendQueue;

    @Option(
        names = "--send-queue-bytes",
        description =
            "Bytes queued per connection; one larger frame still goes when the queue is empty"
                + " (env GATEWAY_SEND_QUEUE_BYTES).")
    int sendQueueBytes;

    @Option(
        names = "--send-buffer-total",
        description =
            "Bytes queued across all connections of the instance (env GATEWAY_SEND_BUFFER_TOTAL).")
    long sendBufferTotal;

    @Option(
        names = "--sync-page-bytes",
        description =
            "Content bytes per SyncRsp page; a page holds at least one message"
                + " (env GATEWAY_SYNC_PAGE_BYTES).")
    int syncPageBytes;

    @Option(
        names = "--max-frame-bytes",
        description = "Largest inbound frame (env GATEWAY_MAX_FRAME_BYTES).")
    int maxFrameBytes;

    @Option(
        names = "--max-content-bytes",
        description = "Largest chat content, UTF-8 (env GATEWAY_MAX_CONTENT_BYTES).")
    int maxContentBytes;

    @Option(
        names = "--sync-page-size",
        description = "Messages per SyncRsp and per login-push read (env GATEWAY_SYNC_PAGE_SIZE).")
    int syncPageSize;

    @Option(
        names = "--presence-max-watch",
        description = "User ids per PresenceSub (env GATEWAY_PRESENCE_MAX_WATCH).")
    int maxWatch;

    @Option(
        names = "--auth-timeout",
        converter = DurationConverter.class,
        description = "Connect to Auth (env GATEWAY_AUTH_TIMEOUT).")
    Duration authTimeout;

    @Option(
        names = "--read-timeout",
        converter = DurationConverter.class,
        description = "Longest client silence (env GATEWAY_READ_TIMEOUT).")
    Duration readTimeout;

    @Option(
        names = "--write-timeout",
        converter = DurationConverter.class,
        description = "Longest single write (env GATEWAY_WRITE_TIMEOUT).")
    Duration writeTimeout;

    @Option(
        names = "--rate-limit",
        description = "Frames per second per connection (env GATEWAY_RATE_LIMIT).")
    int ratePerSecond;

    @Option(
        names = "--rate-burst",
        description = "Frames a connection may send at once (env GATEWAY_RATE_BURST).")
    int rateBurst;

    Limits toLimits() {
      return Limits.builder()
          .maxConnectionsPerUser(perUser)
          .maxTotalConnections(total)
          .sendQueueCapacity(sendQueue)
          .sendQueueBytes(sendQueueBytes)
          .sendBufferTotalBytes(sendBufferTotal)
          .syncPageBytes(syncPageBytes)
          .maxFrameBytes(maxFrameBytes)
          .maxContentBytes(maxContentBytes)
          .syncPageSize(syncPageSize)
          .maxPresenceWatch(maxWatch)
          .authTimeout(authTimeout)
          .readTimeout(readTimeout)
          .writeTimeout(writeTimeout)
          .rateLimit(new Limits.RateLimit(ratePerSecond, rateBurst))
          .build();
    }
  }
}
