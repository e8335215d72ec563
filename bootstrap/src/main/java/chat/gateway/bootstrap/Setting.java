package chat.gateway.bootstrap;

import chat.gateway.adapters.kafka.KafkaSettings;
import chat.gateway.adapters.memory.InMemoryMessageStore;
import chat.gateway.adapters.persistence.PostgresSettings;
import chat.gateway.adapters.redis.RedisSettings;
import chat.gateway.adapters.ws.WebSocketServer;
import chat.gateway.application.service.DrainPace;
import chat.gateway.domain.Limits;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every setting of the gateway: its environment variable, its command-line option and its default.
 * This is the one place a default lives: the command line takes it from here ({@link
 * SettingDefaults}), the banner prints the values that result, and a test holds the README's table
 * to it. Limits come from {@link Limits#defaults()}, the embedded store's bounds from {@link
 * InMemoryMessageStore.Bounds}, the handshake figures from {@link WebSocketServer}.
 */
enum Setting {
  HOST("GATEWAY_HOST", "--host", "0.0.0.0"),
  PORT("GATEWAY_PORT", "--port", "8443"),
  ADMIN_HOST("GATEWAY_ADMIN_HOST", "--admin-host", GatewayConfig.Admin.DEFAULT_HOST),
  ADMIN_PORT(
      "GATEWAY_ADMIN_PORT", "--admin-port", Integer.toString(GatewayConfig.Admin.DEFAULT_PORT)),
  ADMIN_TOKEN("GATEWAY_ADMIN_TOKEN", "--admin-token", (String) null),
  JWT_SECRET("GATEWAY_JWT_SECRET", "--jwt-secret", (String) null),
  JWT_JWKS("GATEWAY_JWT_JWKS", "--jwt-jwks", (String) null),
  JWT_ISSUER("GATEWAY_JWT_ISSUER", "--jwt-issuer", (String) null),
  JWT_AUDIENCE("GATEWAY_JWT_AUDIENCE", "--jwt-audience", (String) null),
  JWT_CLOCK_SKEW("GATEWAY_JWT_CLOCK_SKEW", "--jwt-clock-skew", "30s"),
  DEV_SECRET_FILE(
      "GATEWAY_DEV_SECRET_FILE",
      "--dev-secret-file",
      () -> System.getProperty("user.home") + "/.chat-gateway/dev-jwt-secret",
      "~/.chat-gateway/dev-jwt-secret"),
  USERS("GATEWAY_USERS", "--users", "1-1000"),
  DB_URL("GATEWAY_DB_URL", "--db-url", (String) null),
  DB_USER("GATEWAY_DB_USER", "--db-user", "gateway"),
  DB_PASSWORD("GATEWAY_DB_PASSWORD", "--db-password", ""),
  DB_POOL_SIZE(
      "GATEWAY_DB_POOL_SIZE",
      "--db-pool-size",
      Integer.toString(PostgresSettings.DEFAULT_POOL_SIZE)),
  DB_CONNECT_TIMEOUT(
      "GATEWAY_DB_CONNECT_TIMEOUT",
      "--db-connect-timeout",
      duration(PostgresSettings.DEFAULT_CONNECTION_TIMEOUT)),
  DB_MIGRATE("GATEWAY_DB_MIGRATE", "--db-migrate", "true"),
  DB_WRITERS(
      "GATEWAY_DB_WRITERS",
      "--db-writers",
      Integer.toString(PostgresSettings.GroupCommit.DEFAULT_WRITERS)),
  DB_MAX_BATCH(
      "GATEWAY_DB_MAX_BATCH",
      "--db-max-batch",
      Integer.toString(PostgresSettings.GroupCommit.DEFAULT_MAX_BATCH)),
  DB_MAX_WAITING(
      "GATEWAY_DB_MAX_WAITING",
      "--db-max-waiting",
      Integer.toString(PostgresSettings.GroupCommit.DEFAULT_MAX_WAITING)),
  DB_USER_CACHE_TTL(
      "GATEWAY_DB_USER_CACHE_TTL",
      "--db-user-cache-ttl",
      duration(PostgresSettings.DEFAULT_USER_CACHE_TTL)),
  MEMORY_STORE_MAX_MESSAGES(
      "GATEWAY_MEMORY_STORE_MAX_MESSAGES",
      "--memory-store-max-messages",
      Long.toString(InMemoryMessageStore.Bounds.DEFAULT_MAX_MESSAGES)),
  MEMORY_STORE_MAX_BYTES(
      "GATEWAY_MEMORY_STORE_MAX_BYTES",
      "--memory-store-max-bytes",
      Long.toString(InMemoryMessageStore.Bounds.DEFAULT_MAX_BYTES)),
  MEMORY_STORE_MAX_AGE(
      "GATEWAY_MEMORY_STORE_MAX_AGE",
      "--memory-store-max-age",
      duration(InMemoryMessageStore.Bounds.DEFAULT_MAX_AGE)),
  ALLOWED_ORIGINS("GATEWAY_ALLOWED_ORIGINS", "--allowed-origins", (String) null),
  TLS_CERT("GATEWAY_TLS_CERT", "--tls-cert", (String) null),
  TLS_KEY("GATEWAY_TLS_KEY", "--tls-key", (String) null),
  TLS_PASSWORD("GATEWAY_TLS_PASSWORD", "--tls-password", ""),
  PRESENCE_AUDIENCE("GATEWAY_PRESENCE_AUDIENCE", "--presence-audience", "all"),
  MAX_CONNECTIONS_PER_USER(
      "GATEWAY_MAX_CONNECTIONS_PER_USER",
      "--max-connections-per-user",
      Limits::maxConnectionsPerUser),
  MAX_CONNECTIONS("GATEWAY_MAX_CONNECTIONS", "--max-connections", Limits::maxTotalConnections),
  SEND_QUEUE("GATEWAY_SEND_QUEUE", "--send-queue", Limits::sendQueueCapacity),
  SEND_QUEUE_BYTES("GATEWAY_SEND_QUEUE_BYTES", "--send-queue-bytes", Limits::sendQueueBytes),
  SEND_BUFFER_TOTAL(
      "GATEWAY_SEND_BUFFER_TOTAL", "--send-buffer-total", Limits::sendBufferTotalBytes),
  MAX_FRAME_BYTES("GATEWAY_MAX_FRAME_BYTES", "--max-frame-bytes", Limits::maxFrameBytes),
  MAX_CONTENT_BYTES("GATEWAY_MAX_CONTENT_BYTES", "--max-content-bytes", Limits::maxContentBytes),
  SYNC_PAGE_SIZE("GATEWAY_SYNC_PAGE_SIZE", "--sync-page-size", Limits::syncPageSize),
  SYNC_PAGE_BYTES("GATEWAY_SYNC_PAGE_BYTES", "--sync-page-bytes", Limits::syncPageBytes),
  PRESENCE_MAX_WATCH(
      "GATEWAY_PRESENCE_MAX_WATCH", "--presence-max-watch", Limits::maxPresenceWatch),
  AUTH_TIMEOUT("GATEWAY_AUTH_TIMEOUT", "--auth-timeout", Limits::authTimeout),
  READ_TIMEOUT("GATEWAY_READ_TIMEOUT", "--read-timeout", Limits::readTimeout),
  WRITE_TIMEOUT("GATEWAY_WRITE_TIMEOUT", "--write-timeout", Limits::writeTimeout),
  RATE_LIMIT("GATEWAY_RATE_LIMIT", "--rate-limit", limits -> limits.rateLimit().perSecond()),
  RATE_BURST("GATEWAY_RATE_BURST", "--rate-burst", limits -> limits.rateLimit().burst()),
  SHUTDOWN_TIMEOUT("GATEWAY_SHUTDOWN_TIMEOUT", "--shutdown-timeout", "10s"),
  IO_THREADS("GATEWAY_IO_THREADS", "--io-threads", "0"),
  HANDSHAKE_TIMEOUT(
      "GATEWAY_HANDSHAKE_TIMEOUT",
      "--handshake-timeout",
      duration(WebSocketServer.DEFAULT_HANDSHAKE_TIMEOUT)),
  MAX_HANDSHAKES(
      "GATEWAY_MAX_HANDSHAKES",
      "--max-handshakes",
      Integer.toString(WebSocketServer.DEFAULT_MAX_HANDSHAKES)),
  DRAIN_BATCH("GATEWAY_DRAIN_BATCH", "--drain-batch", Integer.toString(DrainPace.DEFAULT_BATCH)),
  DRAIN_INTERVAL(
      "GATEWAY_DRAIN_INTERVAL", "--drain-interval", duration(DrainPace.DEFAULT_INTERVAL)),
  DRAIN_DELAY("GATEWAY_DRAIN_DELAY", "--drain-delay", duration(DrainPace.DEFAULT_DELAY)),
  REDIS_URL("GATEWAY_REDIS_URL", "--redis-url", (String) null),
  REDIS_TIMEOUT(
      "GATEWAY_REDIS_TIMEOUT", "--redis-timeout", duration(RedisSettings.DEFAULT_COMMAND_TIMEOUT)),
  REDIS_KEY_PREFIX(
      "GATEWAY_REDIS_KEY_PREFIX", "--redis-key-prefix", RedisSettings.DEFAULT_KEY_PREFIX),
  KAFKA_BOOTSTRAP("GATEWAY_KAFKA_BOOTSTRAP", "--kafka-bootstrap", (String) null),
  KAFKA_TOPIC_PREFIX(
      "GATEWAY_KAFKA_TOPIC_PREFIX", "--kafka-topic-prefix", kafkaDefaults().topicPrefix()),
  KAFKA_REPLICATION_FACTOR(
      "GATEWAY_KAFKA_REPLICATION_FACTOR",
      "--kafka-replication-factor",
      Short.toString(kafkaDefaults().replicationFactor())),
  KAFKA_PUBLISH_TIMEOUT(
      "GATEWAY_KAFKA_PUBLISH_TIMEOUT",
      "--kafka-publish-timeout",
      duration(kafkaDefaults().publishTimeout())),
  KAFKA_QUEUE(
      "GATEWAY_KAFKA_QUEUE", "--kafka-queue", Integer.toString(kafkaDefaults().queueCapacity())),
  KAFKA_BUFFER_BYTES(
      "GATEWAY_KAFKA_BUFFER_BYTES",
      "--kafka-buffer-bytes",
      Long.toString(kafkaDefaults().bufferBytes())),
  INSTANCE_ID("GATEWAY_INSTANCE_ID", "--instance-id", (String) null),
  INSTANCE_TTL(
      "GATEWAY_INSTANCE_TTL", "--instance-ttl", duration(GatewayConfig.Cluster.DEFAULT_TTL)),
  /** Read by the logging configuration, which {@link ServeCommand} hands the value to. */
  LOG_FORMAT("GATEWAY_LOG_FORMAT", "--log-format", "text"),
  /** Read by the logging configuration, which {@link Main} hands the value to; no option. */
  LOG_LEVEL("GATEWAY_LOG_LEVEL", null, "INFO");

  private final String variable;
  private final String option;
  private final Supplier<String> defaultValue;
  private final String documentedDefault;

  Setting(String variable, String option, String defaultValue) {
    this(variable, option, () -> defaultValue, defaultValue);
  }

  Setting(String variable, String option, Function<Limits, Object> limit) {
    this(variable, option, render(limit.apply(Limits.defaults())));
  }

  Setting(String variable, String option, Supplier<String> defaultValue, String documentedDefault) {
    this.variable = variable;
    this.option = option;
    this.defaultValue = defaultValue;
    this.documentedDefault = documentedDefault;
  }

  /** The environment variable, e.g. {@code GATEWAY_PORT}. */
  String variable() {
    return variable;
  }

  /** The command-line option, e.g. {@code --port}; empty for a setting read elsewhere. */
  Optional<String> option() {
    return Optional.ofNullable(option);
  }

  /** The value used when neither the option nor the variable is given; empty: none. */
  Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue.get());
  }

  /** The default as the README shows it (a home directory as {@code ~}); empty: none. */
  Optional<String> documentedDefault() {
    return Optional.ofNullable(documentedDefault);
  }

  /** The value in effect before the command line: the variable when set, else the default. */
  Optional<String> value(Function<String, String> environment) {
    String fromEnvironment = environment.apply(variable);
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return Optional.of(fromEnvironment);
    }
    return defaultValue();
  }

  static Optional<Setting> forOption(String name) {
    return Arrays.stream(values()).filter(s -> name.equals(s.option)).findFirst();
  }

  private static String render(Object value) {
    return value instanceof Duration duration ? duration(duration) : String.valueOf(value);
  }

  /** Kafka's defaults, whatever the broker. */
  static KafkaSettings kafkaDefaults() {
    return KafkaSettings.defaults("localhost:9092");
  }

  /** A duration as the command line reads it: 7d, 10s, 500ms. */
  static String duration(Duration value) {
    if (!value.isZero() && value.toMillis() % Duration.ofDays(1).toMillis() == 0) {
      return value.toDays() + "d";
    }
    if (value.toMillis() % 1000 == 0) {
      return value.toSeconds() + "s";
    }
    return value.toMillis() + "ms";
  }
}
