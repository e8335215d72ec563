package chat.gateway.testsupport.redis;

import chat.gateway.testsupport.engine.EngineSource;
import chat.gateway.testsupport.engine.FreePort;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Redis run as a child process from the {@code redis-server} binary of {@code
 * com.github.codemonstur:embedded-redis} ({@link RedisBinary}), on a free loopback port, keeping
 * nothing on disk. Redis runs as root without complaint, so unlike PostgreSQL it needs no {@code
 * setpriv}.
 *
 * <p>Everything lives under {@code $TMPDIR/gateway-test-redis/instance-*}, with the owning JVM's
 * pid and Redis's own pid in files: a server whose JVM died without stopping it (kill -9) is ended
 * and its directory deleted by the next JVM that starts one.
 */
final class ChildProcessRedis implements RedisBackend {

  private static final System.Logger LOG = System.getLogger(ChildProcessRedis.class.getName());
  private static final String OWNER_FILE = "owner.pid";
  private static final String PID_FILE = "redis.pid";
  private static final String LOG_FILE = "redis.log";
  private static final long STOP_TIMEOUT_SECONDS = 10;

  private final Path binary;
  private final Path instance;
  private final int port;
  private volatile Process process;

  ChildProcessRedis() {
    Path base = Path.of(System.getProperty("java.io.tmpdir"), "gateway-test-redis");
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + base, e);
    }
    binary = RedisBinary.extractedUnder(base);
    removeAbandonedInstances(base);
    port = FreePort.find();
    try {
      instance = Files.createTempDirectory(base, "instance-");
      Files.writeString(instance.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a Redis directory under " + base, e);
    }
    start();
  }

  @Override
  public EngineSource source() {
    return EngineSource.CHILD_PROCESS;
  }

  @Override
  public String description() {
    return version()
        + " from com.github.codemonstur:embedded-redis ("
        + binary
        + "), a child process on 127.0.0.1:"
        + port
        + ", log in "
        + instance.resolve(LOG_FILE);
  }

  /** {@code Redis 6.2.11} as the server's log says, or {@code Redis} before it said so. */
  private String version() {
    String text = logText();
    int at = text.indexOf("Redis version=");
    if (at < 0) {
      return "Redis";
    }
    int end = text.indexOf(',', at);
    return "Redis " + text.substring(at + "Redis version=".length(), end < 0 ? at : end);
  }

  @Override
  public RedisURI redisUri() {
    return RedisURI.create("127.0.0.1", port);
  }

  @Override
  public int databases() {
    return RedisServer.OWNED_DATABASES;
  }

  @Override
  public boolean canRestart() {
    return true;
  }

  @Override
  public boolean isRunning() {
    Process current = process;
    return current != null && current.isAlive();
  }

  @Override
  public synchronized void stop() {
    Process current = process;
    if (current == null) {
      return;
    }
    long started = System.nanoTime();
    current.destroy(); // SIGTERM: Redis closes its listener and exits (nothing to save)
    try {
      if (!current.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "Redis on port " + port + " ignored SIGTERM; killing it");
        current.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      current.destroyForcibly();
      throw new IllegalStateException("interrupted while stopping Redis on port " + port, e);
    }
    process = null;
    LOG.log(
        Level.INFO,
        "Redis on port "
            + port
            + " stopped in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms");
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    long started = System.nanoTime();
    List<String> command =
        List.of(
            binary.toString(),
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--databases",
            Integer.toString(RedisServer.OWNED_DATABASES),
            "--dir",
            instance.toString(),
            "--pidfile",
            instance.resolve(PID_FILE).toString());
    try {
      process =
          new ProcessBuilder(command)
              .directory(instance.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(instance.resolve(LOG_FILE).toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + String.join(" ", command), e);
    }
    Process current = process;
    try {
      RedisProbe.await(redisUri(), current::isAlive, this::logTail);
    } catch (RuntimeException e) {
      current.destroyForcibly();
      process = null;
      throw e;
    }
    LOG.log(
        Level.INFO,
        "Redis (pid "
            + current.pid()
            + ") answers on 127.0.0.1:"
            + port
            + " after "
            + (System.nanoTime() - started) / 1_000_000
            + " ms");
  }

  @Override
  public void destroy() {
    try {
      stop();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not stop Redis on port " + port + ": " + e);
    }
    deleteTree(instance);
  }

  private String logText() {
    try {
      return Files.readString(instance.resolve(LOG_FILE), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private String logTail() {
    String text = logText();
    return "its log ("
        + instance.resolve(LOG_FILE)
        + ") ends with: "
        + text.substring(Math.max(0, text.length() - 2000));
  }

  /** Ends the servers of JVMs that died without stopping them and deletes their directories. */
  private static void removeAbandonedInstances(Path base) {
    try (DirectoryStream<Path> instances = Files.newDirectoryStream(base, "instance-*")) {
      for (Path abandoned : instances) {
        Optional<Long> owner = pidIn(abandoned.resolve(OWNER_FILE));
        boolean ownerAlive =
            owner.flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
        if (ownerAlive || (owner.isEmpty() && !olderThanAMinute(abandoned))) {
          continue;
        }
        LOG.log(Level.INFO, "ending the Redis left behind by a dead JVM in " + abandoned);
        pidIn(abandoned.resolve(PID_FILE))
            .flatMap(ProcessHandle::of)
            .filter(
                handle ->
                    handle.info().command().map(c -> c.contains("redis-server")).orElse(false))
            .ifPresent(ProcessHandle::destroyForcibly);
        deleteTree(abandoned);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not look for abandoned instances under " + base + ": " + e);
    }
  }

  private static Optional<Long> pidIn(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean olderThanAMinute(Path path) {
    try {
      return Files.getLastModifiedTime(path).toMillis() < System.currentTimeMillis() - 60_000;
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete " + root + ": " + e);
    }
  }
}
