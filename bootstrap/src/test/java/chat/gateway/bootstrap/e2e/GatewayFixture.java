package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.auth.JwtMinter;
import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.adapters.kafka.KafkaSettings;
import chat.gateway.adapters.persistence.PostgresDatabase;
import chat.gateway.adapters.persistence.PostgresSettings;
import chat.gateway.adapters.redis.RedisSettings;
import chat.gateway.application.session.GatewayCoreBuilder.AudienceMode;
import chat.gateway.bootstrap.Gateway;
import chat.gateway.bootstrap.GatewayConfig;
import chat.gateway.domain.Limits;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.testsupport.kafka.KafkaBroker;
import chat.gateway.testsupport.postgres.PostgresSchema;
import chat.gateway.testsupport.postgres.PostgresServer;
import chat.gateway.testsupport.redis.RedisServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** A gateway started in this JVM on a free port, with an HS256 secret the tests mint tokens for. */
final class GatewayFixture implements AutoCloseable {

  /** Users 1 to this one exist, in memory and on PostgreSQL alike. */
  static final long LAST_USER = 100_000;

  static final String SECRET = "end-to-end-test-secret-of-more-than-32-bytes";

  private final Gateway gateway;
  private final GatewayConfig config;
  private final JwtMinter minter;

  private GatewayFixture(GatewayConfig config) {
    this.config = config;
    this.gateway = Gateway.start(config);
    JwtSettings settings = JwtSettings.sharedSecret(SECRET);
    if (config.auth().issuer().isPresent()) {
      settings = settings.withIssuer(config.auth().issuer().get());
    }
    if (config.auth().audience().isPresent()) {
      settings = settings.withAudience(config.auth().audience().get());
    }
    this.minter = new JwtMinter(settings);
  }

  static GatewayFixture start() {
    return start(config -> config);
  }

  static GatewayFixture start(UnaryOperator<GatewayConfig> customize) {
    return new GatewayFixture(customize.apply(onTheStoreOfThisRun(defaults())));
  }

  /**
   * The store the suite runs on: in memory, or, with {@code -Dgateway.e2e.store=postgresql} (the
   * build's second pass over the protocol tests), a fresh schema of the real test PostgreSQL that
   * knows the same users; with {@code -Dgateway.e2e.store=cluster}, that and cluster mode besides:
   * routes and presence in a fresh database of the real test Redis, events through the real test
   * Kafka broker under a fresh topic prefix (one instance of a cluster). The build has no pass in
   * cluster mode yet: ReconnectIT fails in it (messages shown out of order after a reconnect).
   */
  static GatewayConfig onTheStoreOfThisRun(GatewayConfig config) {
    return onStore(config, System.getProperty("gateway.e2e.store", "memory"));
  }

  /** {@code config} on {@code store}: {@code memory}, {@code postgresql} or {@code cluster}. */
  static GatewayConfig onStore(GatewayConfig config, String store) {
    if (!store.equals("postgresql") && !store.equals("cluster")) {
      return config;
    }
    PostgresSchema schema = PostgresServer.shared().newSchema();
    PostgresSettings settings =
        // A generous wait for a connection: the suite shares two cores with its own database.
        new PostgresSettings(
            schema.url(), schema.user(), schema.password(), 8, true, Duration.ofSeconds(10));
    try (PostgresDatabase database = PostgresDatabase.open(settings)) {
      database.users().addRange(UserId.of(1), UserId.of(LAST_USER));
    }
    GatewayConfig onPostgres = config.withDatabase(settings);
    if (!store.equals("cluster")) {
      return onPostgres;
    }
    KafkaBroker kafka = KafkaBroker.shared();
    GatewayConfig.Shared shared =
        new GatewayConfig.Shared(
            new RedisSettings(RedisServer.shared().newNamespace().uri()),
            KafkaSettings.defaults(kafka.bootstrapServers())
                .withTopicPrefix(kafka.newTopicPrefix()));
    return onPostgres.withCluster(onPostgres.cluster().withShared(shared));
  }

  static GatewayConfig defaults() {
    return new GatewayConfig(
        new GatewayConfig.Server("127.0.0.1", 0, Optional.empty(), Set.of(), 2),
        new GatewayConfig.Auth(
            Optional.of(SECRET),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(5),
            Path.of("target", "unused-dev-secret")),
        Limits.defaults(),
        "1-" + LAST_USER,
        AudienceMode.ALL,
        Duration.ofSeconds(5));
  }

  static GatewayConfig withLimits(GatewayConfig config, UnaryOperator<Limits.Builder> change) {
    return config.withLimits(change.apply(config.limits().toBuilder()).build());
  }

  /**
   * {@code config} with a rate limit no test burst reaches: for tests about something else (the
   * network, the catch-up) that send hundreds of frames at once.
   */
  static GatewayConfig withGenerousRateLimit(GatewayConfig config) {
    return withLimits(config, limits -> limits.rateLimit(new Limits.RateLimit(5_000, 5_000)));
  }

  static GatewayConfig withAudience(GatewayConfig config, AudienceMode mode) {
    return config.withAudience(mode);
  }

  static GatewayConfig withServer(GatewayConfig config, GatewayConfig.Server server) {
    return config.withServer(server);
  }

  /** {@code config} with this handshake timeout and handshake cap. */
  static GatewayConfig withHandshakes(GatewayConfig config, Duration timeout, int max) {
    GatewayConfig.Server server = config.server();
    return withServer(
        config,
        new GatewayConfig.Server(
            server.host(),
            server.port(),
            server.tls(),
            server.allowedOrigins(),
            server.ioThreads(),
            timeout,
            max));
  }

  static GatewayConfig withAuth(GatewayConfig config, GatewayConfig.Auth auth) {
    return config.withAuth(auth);
  }

  GatewayConfig config() {
    return config;
  }

  Gateway gateway() {
    return gateway;
  }

  URI uri() {
    String scheme = config.server().tls().isPresent() ? "wss" : "ws";
    return URI.create(scheme + "://127.0.0.1:" + gateway.port() + "/ws");
  }

  URI http(String path) {
    String scheme = config.server().tls().isPresent() ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + gateway.port() + path);
  }

  /** {@code path} on the internal port: /metrics, /admin/... */
  URI admin(String path) {
    return URI.create("http://127.0.0.1:" + gateway.adminPort() + path);
  }

  String token(long user) {
    return minter.mint(UserId.of(user), Duration.ofHours(1));
  }

  TestClient connect() {
    return TestClient.connect(uri());
  }

  /** Connects and authenticates as {@code user}, asserting success. */
  TestClient login(long user) {
    TestClient client = connect();
    ServerPayload.AuthRsp rsp = client.auth(token(user));
    assertThat(rsp.success()).as("auth of user %d: %s", user, rsp.error()).isTrue();
    assertThat(rsp.userId()).contains(UserId.of(user));
    return client;
  }

  @Override
  public void close() {
    gateway.shutdown();
  }
}
