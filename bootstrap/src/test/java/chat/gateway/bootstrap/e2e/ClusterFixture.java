package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.auth.JwtMinter;
import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.adapters.persistence.PostgresDatabase;
import chat.gateway.adapters.persistence.PostgresSettings;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.kafka.KafkaBroker;
import chat.gateway.testsupport.postgres.PostgresSchema;
import chat.gateway.testsupport.postgres.PostgresServer;
import chat.gateway.testsupport.redis.RedisNamespace;
import chat.gateway.testsupport.redis.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster of gateway processes (the packaged jar, as {@link GatewayProcess} runs it) on fixed
 * free loopback ports, sharing one PostgreSQL schema (users 1 to {@link #USERS}), one Redis logical
 * database and one Kafka topic prefix of the shared test engines, each with its own {@code
 * GATEWAY_INSTANCE_ID} ({@code gw-1}, {@code gw-2}, ...), a short liveness TTL and a small heap.
 * Each instance can be killed ({@code kill -9}), terminated (SIGTERM) and started again on its
 * port; the engines can be restarted through their own fixtures ({@link RedisServer#shared()},
 * {@link KafkaBroker#shared()}).
 */
final class ClusterFixture implements AutoCloseable {

  /** Users 1 to this one exist in the cluster's schema. */
  static final long USERS = 1_000;

  /** The liveness TTL of every instance unless the caller sets another. */
  static final Duration TTL = Duration.ofSeconds(2);

  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  private final Path dir;
  private final PostgresSchema schema;
  private final RedisNamespace redis;
  private final Map<String, String> environment;
  private final List<Instance> instances = new ArrayList<>();
  private final JwtMinter minter = new JwtMinter(JwtSettings.sharedSecret(GatewayFixture.SECRET));

  private ClusterFixture(
      Path dir, PostgresSchema schema, RedisNamespace redis, Map<String, String> environment) {
    this.dir = dir;
    this.schema = schema;
    this.redis = redis;
    this.environment = environment;
  }

  /**
   * Starts {@code size} instances at once (output files under {@code dir}); {@code settings} are
   * further {@code GATEWAY_*} variables for all of them (e.g. {@code GATEWAY_PRESENCE_AUDIENCE}).
   * Returns once every instance listens.
   */
  static ClusterFixture start(Path dir, int size, Map<String, String> settings) {
    PostgresSchema schema = PostgresServer.shared().newSchema();
    try (PostgresDatabase database =
        PostgresDatabase.open(
            new PostgresSettings(schema.url(), schema.user(), schema.password(), 2, true))) {
      database.users().addRange(UserId.of(1), UserId.of(USERS));
    }
    RedisNamespace redis = RedisServer.shared().newNamespace();
    String topics = KafkaBroker.shared().newTopicPrefix();
    int cluster = CLUSTERS.incrementAndGet();
    Map<String, String> environment = new HashMap<>();
    environment.put("GATEWAY_DB_URL", schema.url());
    environment.put("GATEWAY_DB_USER", schema.user());
    environment.put("GATEWAY_DB_PASSWORD", schema.password());
    environment.put("GATEWAY_REDIS_URL", redis.uri());
    environment.put("GATEWAY_REDIS_KEY_PREFIX", "c" + cluster + ":");
    // Short, so that an outage is noticed quickly and a call never stalls a test for long.
    environment.put("GATEWAY_REDIS_TIMEOUT", "1s");
    environment.put("GATEWAY_KAFKA_BOOTSTRAP", KafkaBroker.shared().bootstrapServers());
    environment.put("GATEWAY_KAFKA_TOPIC_PREFIX", topics);
    environment.put("GATEWAY_INSTANCE_TTL", TTL.toMillis() + "ms");
    // The default (GatewayProcess shortens it to 2 s): a connection's 1001 is queued behind the
    // requests it has in flight, and under load on two cores draining takes a few seconds. A
    // process that exits before resets those sockets, and their clients see 1006.
    environment.put("GATEWAY_SHUTDOWN_TIMEOUT", "10s");
    // Traffic tests send in bursts; the rate limit is not what they are about.
    environment.put("GATEWAY_RATE_LIMIT", "5000");
    environment.put("GATEWAY_RATE_BURST", "5000");
    environment.putAll(settings);
    ClusterFixture fixture = new ClusterFixture(dir, schema, redis, environment);
    try {
      for (int i = 1; i <= size; i++) {
        fixture.instances.add(new Instance("gw-" + i, GatewayProcess.freePort()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<CompletableFuture<Void>> starting = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int index = i;
      // A thread each: the common pool may have one thread on a small machine.
      CompletableFuture<Void> started = new CompletableFuture<>();
      Thread.ofPlatform()
          .name("start-" + fixture.id(index))
          .start(
              () -> {
                try {
                  fixture.startInstance(index);
                  started.complete(null);
                } catch (Throwable e) {
                  started.completeExceptionally(e);
                }
              });
      starting.add(started);
    }
    try {
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    } catch (RuntimeException e) {
      fixture.close();
      throw e;
    }
    return fixture;
  }

  /** The number of instances. */
  int size() {
    return instances.size();
  }

  /** Instance {@code i} (from 0) as it runs now. */
  GatewayProcess process(int i) {
    GatewayProcess process = instances.get(i).process;
    assertThat(process).as("instance %s started", id(i)).isNotNull();
    return process;
  }

  /** Instance {@code i}'s {@code GATEWAY_INSTANCE_ID}. */
  String id(int i) {
    return instances.get(i).id;
  }

  /** Instance {@code i}'s port: the same across restarts. */
  int port(int i) {
    return instances.get(i).port;
  }

  /** Every instance's id and port, in order: the backends of a load balancer. */
  Map<String, Integer> backends() {
    Map<String, Integer> backends = new LinkedHashMap<>();
    instances.forEach(instance -> backends.put(instance.id, instance.port));
    return backends;
  }

  URI uri(int i) {
    return URI.create("ws://127.0.0.1:" + port(i) + "/ws");
  }

  /** A token for {@code user}, valid for an hour (every instance shares the secret). */
  String token(long user) {
    return minter.mint(UserId.of(user), Duration.ofHours(1));
  }

  /** Connects to instance {@code i} and authenticates as {@code user}, asserting success. */
  TestClient login(int i, long user) {
    return process(i).login(user);
  }

  /** The status of {@code GET path} on instance {@code i}, or -1 when it does not answer. */
  int status(int i, String path) {
    try {
      return process(i).get(path);
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of instance {@code i}'s answer to {@code GET path}; empty when it did not answer. */
  String body(int i, String path) {
    try {
      return process(i).fetch(path).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** {@code kill -9} of instance {@code i}; returns once it is gone. */
  void kill(int i) throws InterruptedException {
    process(i).kill();
  }

  /** SIGTERM to instance {@code i}; returns at once (see {@link GatewayProcess#awaitExit}). */
  void terminate(int i) {
    process(i).terminate();
  }

  /** Starts instance {@code i} again on its port with its id (after a kill or a SIGTERM). */
  void restart(int i) {
    GatewayProcess old = instances.get(i).process;
    if (old != null) {
      old.close();
    }
    startInstance(i);
  }

  private void startInstance(int i) {
    Instance instance = instances.get(i);
    Map<String, String> settings = new HashMap<>(environment);
    settings.put("GATEWAY_INSTANCE_ID", instance.id);
    instance.runs++;
    try {
      instance.process =
          GatewayProcess.start(
              dir, instance.id + "-run" + instance.runs, instance.port, "-Xmx192m", settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The ids of every message stored from {@code from} to {@code to}, read from PostgreSQL. */
  Set<Long> storedMessages(long from, long to) {
    try (Connection connection =
            DriverManager.getConnection(schema.url(), schema.user(), schema.password());
        PreparedStatement query =
            connection.prepareStatement(
                "select id from messages where sender = ? and recipient = ?")) {
      query.setLong(1, from);
      query.setLong(2, to);
      Set<Long> ids = new HashSet<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  RedisNamespace redis() {
    return redis;
  }

  /** What every instance printed, for failure messages. */
  String output() {
    StringBuilder text = new StringBuilder();
    for (Instance instance : instances) {
      if (instance.process != null) {
        text.append("--- ").append(instance.id).append(" ---\n");
        text.append(instance.process.output());
      }
    }
    return text.toString();
  }

  @Override
  public void close() {
    for (Instance instance : instances) {
      if (instance.process != null) {
        instance.process.close();
      }
    }
  }

  private static final class Instance {
    final String id;
    final int port;
    int runs;
    volatile GatewayProcess process;

    Instance(String id, int port) {
      this.id = id;
      this.port = port;
    }
  }
}
