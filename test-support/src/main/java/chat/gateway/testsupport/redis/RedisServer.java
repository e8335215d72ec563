package chat.gateway.testsupport.redis;

import chat.gateway.testsupport.engine.Docker;
import chat.gateway.testsupport.engine.EngineSource;
import chat.gateway.testsupport.engine.RealEngine;
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
public final class RedisServer implements RealEngine {

  /** A URI ({@code redis://[password@]host:port}) of an existing server to use. */
  public static final String URL_VARIABLE = "GATEWAY_TEST_REDIS_URL";

  /** How many logical databases a server the fixture starts has. */
  static final int OWNED_DATABASES = 1024;

  private static final System.Logger LOG = System.getLogger(RedisServer.class.getName());
  private static volatile RedisServer shared;

  private final RedisBackend backend;
  private final AtomicInteger lastDatabase = new AtomicInteger();
  private final List<Integer> takenDatabases = new CopyOnWriteArrayList<>();

  private RedisServer(RedisBackend backend) {
    this.backend = backend;
  }

  /** The server of this JVM, started on the first call. */
  public static RedisServer shared() {
    RedisServer server = shared;
    if (server == null) {
      synchronized (RedisServer.class) {
        server = shared;
        if (server == null) {
          server = new RedisServer(startBackend());
          RedisServer started = server;
          Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "test-redis-shutdown"));
          shared = server;
        }
      }
    }
    return server;
  }

  private static RedisBackend startBackend() {
    long begun = System.nanoTime();
    RedisBackend backend;
    Optional<String> url = environment(URL_VARIABLE);
    if (url.isPresent()) {
      LOG.log(Level.INFO, "Test Redis: using the existing server named by " + URL_VARIABLE);
      backend = new ExistingRedis(url.get());
    } else if (Docker.available()) {
      LOG.log(Level.INFO, "Test Redis: starting a container " + ContainerRedis.IMAGE);
      backend = new ContainerRedis();
    } else {
      LOG.log(
          Level.INFO,
          "Test Redis: no "
              + URL_VARIABLE
              + " and no Docker engine; starting the embedded redis-server as a child process");
      backend = new ChildProcessRedis();
    }
    LOG.log(
        Level.INFO,
        "Test Redis ready in "
            + (System.nanoTime() - begun) / 1_000_000
            + " ms: "
            + backend.description());
    return backend;
  }

  private static Optional<String> environment(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
  }

  /**
   * A logical database nobody else in this JVM uses, flushed empty (databases 1 and up; 0 is left
   * alone).
   *
   * @throws IllegalStateException when the server has no database left
   */
  public RedisNamespace newNamespace() {
    int database = lastDatabase.incrementAndGet();
    if (database >= backend.databases()) {
      throw new IllegalStateException(
          "the test Redis has only "
              + backend.databases()
              + " logical databases and all of them are taken by this JVM ("
              + describe()
              + ")");
    }
    RedisURI uri = RedisURI.builder(backend.redisUri()).withDatabase(database).build();
    RedisProbe.call(uri, RedisCommands::flushdb);
    takenDatabases.add(database);
    LOG.log(Level.DEBUG, "took Redis database " + database);
    return new RedisNamespace(uri);
  }

  /** Where to connect, database 0. */
  public RedisURI redisUri() {
    return backend.redisUri();
  }

  /** What the server is and where, for messages. */
  public String describe() {
    return backend.description();
  }

  @Override
  public String name() {
    return "Redis";
  }

  @Override
  public EngineSource source() {
    return backend.source();
  }

  @Override
  public String host() {
    return backend.redisUri().getHost();
  }

  @Override
  public int port() {
    return backend.redisUri().getPort();
  }

  @Override
  public boolean canRestart() {
    return backend.canRestart();
  }

  @Override
  public boolean isRunning() {
    return backend.isRunning();
  }

  /** Stops it; connections drop and new ones are refused. Its keys are lost (see above). */
  @Override
  public void stop() {
    LOG.log(Level.INFO, "stopping test Redis on port " + port());
    backend.stop();
  }

  /** Starts it again, empty, on the same port; returns once it answers {@code PING}. */
  @Override
  public void start() {
    LOG.log(Level.INFO, "starting test Redis again on port " + port());
    backend.start();
  }

  private void destroy() {
    if (backend.source() == EngineSource.EXISTING_SERVER) {
      flushTakenDatabases();
    }
    backend.destroy();
    RedisProbe.shutdown();
  }

  private void flushTakenDatabases() {
    for (int database : takenDatabases) {
      try {
        RedisProbe.call(
            RedisURI.builder(backend.redisUri()).withDatabase(database).build(),
            RedisCommands::flushdb);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not flush test Redis database " + database + ": " + e);
      }
    }
  }
}
