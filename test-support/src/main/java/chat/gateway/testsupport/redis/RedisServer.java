package chat.gateway.testsupport.redis;

import chat.gateway.testsupport.engine.BackedEngine;
import chat.gateway.testsupport.engine.Docker;
import chat.gateway.testsupport.engine.EngineSource;
import chat.gateway.testsupport.engine.SharedEngine;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one real Redis of this JVM's integration tests, started on first use and ended when the JVM
 * exits. Chosen in this order:
 *
 * <ol>
 *   <li>{@value #URL_VARIABLE} ({@code redis://[password@]host:port}) names an existing server; the
 *       tests flush the databases they take in it and never stop it;
 *   <li>otherwise, when a Docker engine answers, a Testcontainers container ({@value
 *       ContainerRedis#IMAGE});
 *   <li>otherwise a {@code redis-server} binary out of the {@code com.github.codemonstur:embedded-
 *       redis} jar, run as a child process.
 * </ol>
 *
 * <p>Each test class takes a logical database of its own, flushed empty ({@link #newNamespace()}):
 * the code under test only needs the URI. A server the fixture owns has {@value #OWNED_DATABASES}
 * of them. It keeps nothing on disk ({@code --save '' --appendonly no}), so {@link #stop()} then
 * {@link #start()} brings it back on the same port <em>empty</em>, which is the outage Redis-backed
 * code has to survive (Redis holds nothing that cannot be rebuilt).
 */
public final class RedisServer extends BackedEngine<RedisBackend> {

  /** A URI ({@code redis://[password@]host:port}) of an existing server to use. */
  public static final String URL_VARIABLE = "GATEWAY_TEST_REDIS_URL";

  /** How many logical databases a server the fixture starts has. */
  static final int OWNED_DATABASES = 1024;

  private static final System.Logger LOG = System.getLogger(RedisServer.class.getName());
  private static final SharedEngine<RedisServer> SHARED =
      new SharedEngine<>("test-redis-shutdown", () -> new RedisServer(startBackend()));

  private final AtomicInteger lastDatabase = new AtomicInteger();
  private final List<Integer> takenDatabases = new CopyOnWriteArrayList<>();

  private RedisServer(RedisBackend backend) {
    super("Redis", backend);
  }

  /** The server of this JVM, started on the first call. */
  public static RedisServer shared() {
    return SHARED.get();
  }

  private static RedisBackend startBackend() {
    return started(
        "Redis",
        () -> {
          Optional<String> url = environment(URL_VARIABLE);
          if (url.isPresent()) {
            LOG.log(Level.INFO, "Test Redis: using the existing server named by " + URL_VARIABLE);
            return new ExistingRedis(url.get());
          }
          if (Docker.available()) {
            LOG.log(Level.INFO, "Test Redis: starting a container " + ContainerRedis.IMAGE);
            return new ContainerRedis();
          }
          LOG.log(
              Level.INFO,
              "Test Redis: no "
                  + URL_VARIABLE
                  + " and no Docker engine; starting the embedded redis-server as a child process");
          return new ChildProcessRedis();
        });
  }

  /**
   * A logical database nobody else in this JVM uses, flushed empty (databases 1 and up; 0 is left
   * alone).
   *
   * @throws IllegalStateException when the server has no database left
   */
  public RedisNamespace newNamespace() {
    int database = lastDatabase.incrementAndGet();
    if (database >= backend().databases()) {
      throw new IllegalStateException(
          "the test Redis has only "
              + backend().databases()
              + " logical databases and all of them are taken by this JVM ("
              + describe()
              + ")");
    }
    RedisURI uri = RedisURI.builder(backend().redisUri()).withDatabase(database).build();
    RedisProbe.call(uri, RedisCommands::flushdb);
    takenDatabases.add(database);
    LOG.log(Level.DEBUG, "took Redis database " + database);
    return new RedisNamespace(uri);
  }

  /** Where to connect, database 0. */
  public RedisURI redisUri() {
    return backend().redisUri();
  }

  @Override
  protected void destroy() {
    if (source() == EngineSource.EXISTING_SERVER) {
      flushTakenDatabases();
    }
    super.destroy();
    RedisProbe.shutdown();
  }

  private void flushTakenDatabases() {
    for (int database : takenDatabases) {
      try {
        RedisProbe.call(
            RedisURI.builder(backend().redisUri()).withDatabase(database).build(),
            RedisCommands::flushdb);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not flush test Redis database " + database + ": " + e);
      }
    }
  }
}
