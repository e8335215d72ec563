package chat.gateway.adapters.redis;

import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.application.port.out.RoutingTable;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One gateway instance's link to the Redis holding the cluster's shared state: one Lettuce client
 * and one connection (commands of many threads are pipelined on it), and the instance's views of
 * the routing table, presence and the watch index. The layout of the keys, and what happens when
 * Redis restarts empty, is in {@code docs/architecture.md} ("Redis: routing and presence keys").
 *
 * <p>Every call is one Lua script, so one round trip and atomic in Redis; a call that Redis does
 * not answer within {@link RedisSettings#commandTimeout()} (or while the connection is down: then
 * at once) throws {@link ClusterStateUnavailableException} naming the Redis address. The connection
 * reconnects by itself (backing off up to one second), so calls work again once Redis is back,
 * without reopening.
 *
 * <p>Memory held in Redis is bounded by the connections attached: a route, a presence entry and a
 * watch list (with its mirror entries) per live connection, a hash per user with at least one
 * connection, and a liveness key and a few set members per instance. Nothing is kept for a user
 * without connections; entries of an instance that died go with {@code expireLapsed}. In this
 * process it holds one connection and no per-user state.
 */
public final class RedisCluster implements AutoCloseable {

  /** The longest wait between two reconnection attempts. */
  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisAccess access;
  private final InstanceId instance;

  private RedisCluster(
      ClientResources resources,
      RedisClient client,
      StatefulRedisConnection<String, String> connection,
      RedisAccess access,
      InstanceId instance) {
    this.resources = resources;
    this.client = client;
    this.connection = connection;
    this.access = access;
    this.instance = instance;
  }

  /**
   * Connects to Redis for {@code instance}.
   *
   * @throws ClusterStateUnavailableException when Redis cannot be reached within the command
   *     timeout
   */
  public static RedisCluster open(RedisSettings settings, InstanceId instance) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(instance, "instance");
    RedisURI uri = RedisURI.create(settings.url());
    uri.setTimeout(settings.commandTimeout());
    String address = uri.getHost() + ":" + uri.getPort();
    ClientResources resources =
        DefaultClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
    RedisClient client = RedisClient.create(resources);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(
                SocketOptions.builder().connectTimeout(settings.commandTimeout()).build())
            .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
            .build());
    try {
      StatefulRedisConnection<String, String> connection = client.connect(uri);
      return new RedisCluster(
          resources,
          client,
          connection,
          new RedisAccess(connection, settings.keyPrefix(), address),
          instance);
    } catch (RedisException e) {
      shutdown(client, resources);
      throw new ClusterStateUnavailableException(
          "Redis at " + address + ": could not connect: " + e.getMessage(), e);
    }
  }

  /** The instance these views attach connections to. */
  public InstanceId instance() {
    return instance;
  }

  /** The routing table as this instance sees it. */
  public RoutingTable routingTable() {
    return routingTable(instance);
  }

  /** Presence as this instance sees it. */
  public PresenceDirectory presence() {
    return presence(instance);
  }

  /** The watch index as this instance sees it. */
  public PresenceWatchers watchers() {
    return watchers(instance);
  }

  /** Whether Redis answers {@code PING} within the command timeout (for readiness). */
  public boolean reachable() {
    return access.ping();
  }

  /** Closes the connection and the client; the views fail afterwards. */
  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      shutdown(client, resources);
    }
  }

  /** The view of another instance on this connection (tests play several instances with one). */
  RedisRoutingTable routingTable(InstanceId other) {
    return new RedisRoutingTable(access, other);
  }

  RedisPresenceDirectory presence(InstanceId other) {
    return new RedisPresenceDirectory(access, other);
  }

  RedisPresenceWatchers watchers(InstanceId other) {
    return new RedisPresenceWatchers(access, other);
  }

  private static void shutdown(RedisClient client, ClientResources resources) {
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } finally {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
