package chat.gateway.bootstrap.e2e;

import chat.gateway.adapters.admin.AdminToken;
import chat.gateway.adapters.kafka.KafkaSettings;
import chat.gateway.adapters.persistence.PostgresDatabase;
import chat.gateway.adapters.persistence.PostgresSettings;
import chat.gateway.adapters.redis.RedisSettings;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.bootstrap.Gateway;
import chat.gateway.bootstrap.GatewayConfig;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.kafka.KafkaBroker;
import chat.gateway.testsupport.postgres.PostgresSchema;
import chat.gateway.testsupport.postgres.PostgresServer;
import chat.gateway.testsupport.redis.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Gateways of one cluster in this JVM, on a fresh schema (users 1 to {@code users}), Redis
 * namespace and Kafka topic prefix of the shared test engines, each with its own instance id and
 * the admin API on a free port with {@link #ADMIN_TOKEN}.
 */
final class InJvmCluster implements AutoCloseable {

  static final String ADMIN_TOKEN =
      "in-jvm-cluster-admin-token-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

  private final GatewayConfig config;
  private final List<Gateway> gateways = new ArrayList<>();

  private InJvmCluster(GatewayConfig config) {
    this.config = config;
  }

  /** A cluster of no gateway yet; {@code tune} adjusts the configuration every gateway gets. */
  static InJvmCluster create(long users, UnaryOperator<GatewayConfig> tune) {
    PostgresSchema schema = PostgresServer.shared().newSchema();
    PostgresSettings database =
        new PostgresSettings(
            schema.url(), schema.user(), schema.password(), 4, true, Duration.ofSeconds(10));
    try (PostgresDatabase created = PostgresDatabase.open(database)) {
      created.users().addRange(UserId.of(1), UserId.of(users));
    }
    KafkaBroker kafka = KafkaBroker.shared();
    GatewayConfig.Shared shared =
        new GatewayConfig.Shared(
            new RedisSettings(RedisServer.shared().newNamespace().uri()),
            KafkaSettings.defaults(kafka.bootstrapServers())
                .withTopicPrefix(kafka.newTopicPrefix()));
    GatewayConfig config =
        GatewayFixture.defaults()
            .withDatabase(database)
            .withAdmin(
                new GatewayConfig.Admin(
                    GatewayConfig.Admin.DEFAULT_HOST, 0, Optional.of(AdminToken.of(ADMIN_TOKEN))))
            .withCluster(
                new GatewayConfig.Cluster(
                    new InstanceId("unset"), Duration.ofSeconds(2), Optional.of(shared)));
    return new InJvmCluster(tune.apply(config));
  }

  /** Starts a gateway of the cluster with instance id {@code id}; stopped by {@link #close}. */
  Gateway start(String id) {
    Gateway gateway =
        Gateway.start(
            config.withCluster(
                new GatewayConfig.Cluster(
                    new InstanceId(id),
                    config.cluster().livenessTtl(),
                    config.cluster().shared())));
    gateways.add(gateway);
    return gateway;
  }

  @Override
  public void close() {
    gateways.forEach(Gateway::shutdown);
  }
}
