package chat.gateway.bootstrap;

import chat.gateway.adapters.admin.AdminToken;
import chat.gateway.adapters.kafka.KafkaSettings;
import chat.gateway.adapters.memory.InMemoryMessageStore;
import chat.gateway.adapters.persistence.PostgresSettings;
import chat.gateway.adapters.redis.RedisSettings;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.service.DrainPace;
import chat.gateway.application.session.GatewayCoreBuilder.AudienceMode;
import chat.gateway.domain.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the gateway is started with. {@link ServeCommand} reads it from the environment and
 * flags; tests build it directly.
 *
 * @param users the user ids the embedded directory knows, as ranges ({@code 1-1000,4242})
 * @param shutdownTimeout how long SIGTERM waits for connections to close and work to finish
 * @param memoryStore how much the embedded message store keeps
 * @param database PostgreSQL, when messages and users live there; empty: in memory
 * @param admin the internal port: /metrics and the admin API
 */
public record GatewayConfig(
    Server server,
    Auth auth,
    Limits limits,
    String users,
    AudienceMode audience,
    Duration shutdownTimeout,
    MemoryStore memoryStore,
    Optional<PostgresSettings> database,
    Cluster cluster,
    Admin admin) {

  public GatewayConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(memoryStore, "memoryStore");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(admin, "admin");
    if (cluster.shared().isPresent() && database.isEmpty()) {
      throw new IllegalArgumentException(
          "a cluster (GATEWAY_REDIS_URL, GATEWAY_KAFKA_BOOTSTRAP) keeps messages in PostgreSQL,"
              + " where every instance finds them: set GATEWAY_DB_URL too");
    }
  }

  /** A configuration whose internal port is {@link Admin#ephemeral()}: for tests and tools. */
  public GatewayConfig(
      Server server,
      Auth auth,
      Limits limits,
      String users,
      AudienceMode audience,
      Duration shutdownTimeout,
      MemoryStore memoryStore,
      Optional<PostgresSettings> database,
      Cluster cluster) {
    this(
        server,
        auth,
        limits,
        users,
        audience,
        shutdownTimeout,
        memoryStore,
        database,
        cluster,
        Admin.ephemeral());
  }

  /** A single instance, with messages in PostgreSQL when {@code database} is set. */
  public GatewayConfig(
      Server server,
      Auth auth,
      Limits limits,
      String users,
      AudienceMode audience,
      Duration shutdownTimeout,
      MemoryStore memoryStore,
      Optional<PostgresSettings> database) {
    this(
        server,
        auth,
        limits,
        users,
        audience,
        shutdownTimeout,
        memoryStore,
        database,
        Cluster.single());
  }

  /** A configuration keeping messages in memory, within {@code memoryStore}. */
  public GatewayConfig(
      Server server,
      Auth auth,
      Limits limits,
      String users,
      AudienceMode audience,
      Duration shutdownTimeout,
      MemoryStore memoryStore) {
    this(server, auth, limits, users, audience, shutdownTimeout, memoryStore, Optional.empty());
  }

  /** A configuration whose embedded message store keeps {@link MemoryStore#defaults}. */
  public GatewayConfig(
      Server server,
      Auth auth,
      Limits limits,
      String users,
      AudienceMode audience,
      Duration shutdownTimeout) {
    this(server, auth, limits, users, audience, shutdownTimeout, MemoryStore.defaults());
  }

  /** This configuration with {@code store} as the embedded message store's bounds. */
  public GatewayConfig withMemoryStore(MemoryStore store) {
    return new GatewayConfig(
        server, auth, limits, users, audience, shutdownTimeout, store, database, cluster, admin);
  }

  /** This configuration with other limits. */
  public GatewayConfig withLimits(Limits value) {
    return new GatewayConfig(
        server,
        auth,
        value,
        users,
        audience,
        shutdownTimeout,
        memoryStore,
        database,
        cluster,
        admin);
  }

  /** This configuration with another presence audience. */
  public GatewayConfig withAudience(AudienceMode value) {
    return new GatewayConfig(
        server, auth, limits, users, value, shutdownTimeout, memoryStore, database, cluster, admin);
  }

  /** This configuration with other server settings. */
  public GatewayConfig withServer(Server value) {
    return new GatewayConfig(
        value,
        auth,
        limits,
        users,
        audience,
        shutdownTimeout,
        memoryStore,
        database,
        cluster,
        admin);
  }

  /** This configuration with other auth settings. */
  public GatewayConfig withAuth(Auth value) {
    return new GatewayConfig(
        server,
        value,
        limits,
        users,
        audience,
        shutdownTimeout,
        memoryStore,
        database,
        cluster,
        admin);
  }

  /** This configuration with messages and users in PostgreSQL. */
  public GatewayConfig withDatabase(PostgresSettings settings) {
    return new GatewayConfig(
        server,
        auth,
        limits,
        users,
        audience,
        shutdownTimeout,
        memoryStore,
        Optional.of(settings),
        cluster,
        admin);
  }

  /** This configuration with other cluster settings. */
  public GatewayConfig withCluster(Cluster value) {
    return new GatewayConfig(
        server,
        auth,
        limits,
        users,
        audience,
        shutdownTimeout,
        memoryStore,
        database,
        value,
        admin);
  }

  /** This configuration with another internal port. */
  public GatewayConfig withAdmin(Admin value) {
    return new GatewayConfig(
        server,
        auth,
        limits,
        users,
        audience,
        shutdownTimeout,
        memoryStore,
        database,
        cluster,
        value);
  }

  /**
   * The internal port: {@code /metrics} for Prometheus, and the admin API under {@code /admin/}.
   *
   * @param port 0 picks a free port (the banner and {@link Gateway#adminPort()} say which)
   * @param token the admin API's bearer token; empty: the admin API is off (metrics are served)
   */
  public record Admin(String host, int port, Optional<AdminToken> token) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9090;

    public Admin {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(token, "token");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("GATEWAY_ADMIN_PORT must be 0-65535, got " + port);
      }
    }

    /** On the loopback address, a free port, the admin API off: for tests and tools. */
    public static Admin ephemeral() {
      return new Admin(DEFAULT_HOST, 0, Optional.empty());
    }
  }

  /**
   * This instance's place in a cluster.
   *
   * @param instanceId this instance's id, unique in the cluster
   * @param livenessTtl how long the instance counts as alive after a heartbeat: when it dies, its
   *     users turn offline within about this long
   * @param shared where the cluster's shared state and event bus are; empty: one instance on its
   *     own, with both in memory
   */
  public record Cluster(InstanceId instanceId, Duration livenessTtl, Optional<Shared> shared) {

    /** Liveness ttl unless set: a dead instance's users turn offline within about this long. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(6);

    public Cluster {
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(shared, "shared");
      if (livenessTtl.toMillis() < 300) {
        throw new IllegalArgumentException(
            "GATEWAY_INSTANCE_TTL must be at least 300ms, got " + livenessTtl);
      }
    }

    /** One instance on its own, with a generated id and the default ttl. */
    public static Cluster single() {
      return new Cluster(InstanceIds.generate(), DEFAULT_TTL, Optional.empty());
    }

    /** This instance in the cluster whose state is in Redis and whose events go through Kafka. */
    public Cluster withShared(Shared value) {
      return new Cluster(instanceId, livenessTtl, Optional.of(value));
    }
  }

  /**
   * What the instances of a cluster share: Redis for the routing table, presence and watch lists;
   * Kafka for the events between instances.
   */
  public record Shared(RedisSettings redis, KafkaSettings kafka) {
    public Shared {
      Objects.requireNonNull(redis, "redis");
      Objects.requireNonNull(kafka, "kafka");
    }
  }

  /**
   * How much the embedded (in-memory) message store keeps before it evicts its oldest messages: a
   * count, an estimate of their heap bytes (content and client message id in UTF-8 plus a fixed
   * overhead per message), and an age.
   */
  public record MemoryStore(long maxMessages, long maxBytes, Duration maxAge) {
    public MemoryStore {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxMessages < 1) {
        throw new IllegalArgumentException(
            "GATEWAY_MEMORY_STORE_MAX_MESSAGES must be positive, got " + maxMessages);
      }
      if (maxBytes < 1) {
        throw new IllegalArgumentException(
            "GATEWAY_MEMORY_STORE_MAX_BYTES must be positive, got " + maxBytes);
      }
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException(
            "GATEWAY_MEMORY_STORE_MAX_AGE must be positive, got " + maxAge);
      }
    }

    /** The store's own defaults: 1,000,000 messages, 256 MiB, 7 days. */
    public static MemoryStore defaults() {
      return new MemoryStore(
          InMemoryMessageStore.Bounds.DEFAULT_MAX_MESSAGES,
          InMemoryMessageStore.Bounds.DEFAULT_MAX_BYTES,
          InMemoryMessageStore.Bounds.DEFAULT_MAX_AGE);
    }
  }

  /**
   * Where and how the gateway listens.
   *
   * @param allowedOrigins browser origins allowed to connect; empty allows all
   * @param ioThreads Undertow I/O threads
   * @param handshakeTimeout connect to a complete upgrade request (and idle HTTP keep-alive)
   * @param maxHandshakes sockets held while not (yet) WebSocket connections
   * @param drain how fast a drain closes the connections
   */
  public record Server(
      String host,
      int port,
      Optional<Tls> tls,
      Set<String> allowedOrigins,
      int ioThreads,
      Duration handshakeTimeout,
      int maxHandshakes,
      DrainPace drain) {
    public Server {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(drain, "drain");
      Objects.requireNonNull(tls, "tls");
      Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
      allowedOrigins = Set.copyOf(allowedOrigins);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("GATEWAY_PORT must be 0-65535, got " + port);
      }
      if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
        throw new IllegalArgumentException(
            "GATEWAY_HANDSHAKE_TIMEOUT must be positive, got " + handshakeTimeout);
      }
      if (maxHandshakes < 1) {
        throw new IllegalArgumentException(
            "GATEWAY_MAX_HANDSHAKES must be at least 1, got " + maxHandshakes);
      }
    }

    /** With the default drain pace. */
    public Server(
        String host,
        int port,
        Optional<Tls> tls,
        Set<String> allowedOrigins,
        int ioThreads,
        Duration handshakeTimeout,
        int maxHandshakes) {
      this(
          host,
          port,
          tls,
          allowedOrigins,
          ioThreads,
          handshakeTimeout,
          maxHandshakes,
          DrainPace.defaults());
    }

    /** This server with another drain pace. */
    public Server withDrain(DrainPace value) {
      return new Server(
          host, port, tls, allowedOrigins, ioThreads, handshakeTimeout, maxHandshakes, value);
    }

    /** With the default handshake timeout (5 s) and handshake cap (1,000). */
    public Server(
        String host, int port, Optional<Tls> tls, Set<String> allowedOrigins, int ioThreads) {
      this(host, port, tls, allowedOrigins, ioThreads, Duration.ofSeconds(5), 1000);
    }
  }

  /** A certificate (PEM chain or PKCS#12) and, for PEM, its PKCS#8 key. */
  public record Tls(Path certificate, Optional<Path> key, String password) {
    public Tls {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(password, "password");
    }
  }

  /**
   * How tokens are checked. With neither a secret nor a JWKS, the embedded default's development
   * secret (kept in {@code devSecretFile}) is used.
   */
  public record Auth(
      Optional<String> secret,
      Optional<String> jwks,
      Optional<String> issuer,
      Optional<String> audience,
      Duration clockSkew,
      Path devSecretFile) {
    public Auth {
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(jwks, "jwks");
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(audience, "audience");
      Objects.requireNonNull(clockSkew, "clockSkew");
      Objects.requireNonNull(devSecretFile, "devSecretFile");
      if (secret.isPresent() && jwks.isPresent()) {
        throw new IllegalArgumentException(
            "set either GATEWAY_JWT_SECRET or GATEWAY_JWT_JWKS, not both");
      }
    }

    /** True when neither a secret nor a JWKS is configured. */
    public boolean usesDevelopmentSecret() {
      return secret.isEmpty() && jwks.isEmpty();
    }
  }
}
