package chat.gateway.bootstrap;

import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.adapters.auth.JwtTokenVerifier;
import chat.gateway.adapters.kafka.KafkaEventBus;
import chat.gateway.adapters.memory.InMemoryCluster;
import chat.gateway.adapters.memory.InMemoryEventBus;
import chat.gateway.adapters.memory.InMemoryMessageStore;
import chat.gateway.adapters.memory.RandomConnectionIdSource;
import chat.gateway.adapters.memory.RangeUserDirectory;
import chat.gateway.adapters.persistence.PostgresDatabase;
import chat.gateway.adapters.redis.RedisCluster;
import chat.gateway.application.metrics.TimedPort;
import chat.gateway.application.port.out.ConnectionIdSource;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.application.port.out.GatewayMetrics.Backend;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.port.out.TokenVerifier;
import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.application.session.GatewayCoreBuilder;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * The outbound adapters of one gateway, chosen from its configuration in this one place; each
 * adapter that holds resources is registered with the closer, so a failed start and a shutdown
 * release it.
 *
 * @param dependencies the services the adapters use, for {@code /readyz}
 * @param inProcess whether every adapter but the token verifier is in this process, so that none
 *     waits on a network (see {@link GatewayCoreBuilder#nonBlockingPorts})
 * @param eventBusLag the event bus consumer's lag, in records, when the bus is Kafka
 */
record Adapters(
    MessageStore messages,
    UserDirectory users,
    RoutingTable routes,
    PresenceDirectory presence,
    PresenceWatchers watchers,
    EventBus events,
    TokenVerifier tokens,
    ConnectionIdSource connectionIds,
    List<Health.Dependency> dependencies,
    boolean inProcess,
    Supplier<OptionalDouble> eventBusLag) {

  /**
   * The adapters {@code config} asks for: messages and users in PostgreSQL when a database is set
   * (opened, and migrated unless disabled, before anything else starts: an unreachable database
   * fails the start with its reason), in memory otherwise. In a cluster (Redis and Kafka set, which
   * needs PostgreSQL), the routing table, presence and watch lists are in Redis and the events
   * between instances go through Kafka; otherwise they are in memory, for one instance. Every call
   * to the message store, Redis and Kafka is timed into {@code metrics}.
   */
  static Adapters choose(GatewayConfig config, Closer closer, GatewayMetrics metrics) {
    JwtTokenVerifier tokens = new JwtTokenVerifier(jwtSettings(config.auth()));
    Storage storage = storage(config, closer);
    ClusterState shared = clusterState(config.cluster(), closer, metrics);
    List<Health.Dependency> dependencies = new ArrayList<>(storage.dependencies());
    dependencies.addAll(shared.dependencies());
    return new Adapters(
        TimedPort.wrap(MessageStore.class, storage.messages(), Backend.STORE, metrics),
        storage.users(),
        shared.routes(),
        shared.presence(),
        shared.watchers(),
        shared.events(),
        tokens,
        new RandomConnectionIdSource(),
        List.copyOf(dependencies),
        inProcess(config),
        shared.eventBusLag());
  }

  /** Whether {@code config} keeps messages, users and cluster state in this process. */
  static boolean inProcess(GatewayConfig config) {
    return config.database().isEmpty() && config.cluster().shared().isEmpty();
  }

  /** Where messages and users are. */
  private record Storage(
      MessageStore messages, UserDirectory users, List<Health.Dependency> dependencies) {}

  /** What the instances of a cluster share: routes, presence, watch lists, and the bus. */
  private record ClusterState(
      RoutingTable routes,
      PresenceDirectory presence,
      PresenceWatchers watchers,
      EventBus events,
      List<Health.Dependency> dependencies,
      Supplier<OptionalDouble> eventBusLag) {}

  private static Storage storage(GatewayConfig config, Closer closer) {
    if (config.database().isEmpty()) {
      return new Storage(
          memoryStore(config.memoryStore()), RangeUserDirectory.parse(config.users()), List.of());
    }
    PostgresDatabase database =
        closer.register("PostgreSQL", PostgresDatabase.open(config.database().get()));
    return new Storage(
        database.messageStore(),
        database.userDirectory(),
        List.of(new Health.Dependency("PostgreSQL", true, database::reachable)));
  }

  private static ClusterState clusterState(
      GatewayConfig.Cluster cluster, Closer closer, GatewayMetrics metrics) {
    InstanceId self = cluster.instanceId();
    if (cluster.shared().isEmpty()) {
      InMemoryCluster state = new InMemoryCluster(InstantSource.system());
      return new ClusterState(
          state.routingTable(self),
          state.presence(self),
          state.watchers(self),
          new InMemoryEventBus(),
          List.of(),
          OptionalDouble::empty);
    }
    GatewayConfig.Shared settings = cluster.shared().get();
    RedisCluster redis = closer.register("Redis", RedisCluster.open(settings.redis(), self));
    KafkaEventBus kafka = closer.register("Kafka", new KafkaEventBus(settings.kafka()));
    return new ClusterState(
        TimedPort.wrap(RoutingTable.class, redis.routingTable(), Backend.REDIS, metrics),
        TimedPort.wrap(PresenceDirectory.class, redis.presence(), Backend.REDIS, metrics),
        TimedPort.wrap(PresenceWatchers.class, redis.watchers(), Backend.REDIS, metrics),
        TimedPort.wrap(EventBus.class, kafka, Backend.KAFKA, metrics),
        List.of(
            new Health.Dependency("Redis", true, redis::reachable),
            new Health.Dependency("Kafka", false, kafka::reachable)),
        kafka::consumerLag);
  }

  /** Hands every adapter to the core's builder. */
  GatewayCoreBuilder into(GatewayCoreBuilder builder) {
    return builder
        .messageStore(messages)
        .userDirectory(users)
        .routingTable(routes)
        .presence(presence)
        .presenceWatchers(watchers)
        .eventBus(events)
        .tokenVerifier(tokens)
        .connectionIds(connectionIds)
        .nonBlockingPorts(inProcess);
  }

  private static InMemoryMessageStore memoryStore(GatewayConfig.MemoryStore store) {
    return new InMemoryMessageStore(
        InstantSource.system(),
        new InMemoryMessageStore.Bounds(store.maxMessages(), store.maxBytes(), store.maxAge()));
  }

  private static JwtSettings jwtSettings(GatewayConfig.Auth auth) {
    JwtSettings settings =
        auth.jwks().isPresent()
            ? JwtSettings.jwks(auth.jwks().get())
            : JwtSettings.sharedSecret(
                auth.secret().orElseGet(() -> DevSecret.loadOrCreate(auth.devSecretFile())));
    if (auth.issuer().isPresent()) {
      settings = settings.withIssuer(auth.issuer().get());
    }
    if (auth.audience().isPresent()) {
      settings = settings.withAudience(auth.audience().get());
    }
    return settings.withClockSkew(auth.clockSkew());
  }
}
