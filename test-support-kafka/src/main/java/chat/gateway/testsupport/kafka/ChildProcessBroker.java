package chat.gateway.testsupport.kafka;

import chat.gateway.testsupport.engine.EngineSource;
import chat.gateway.testsupport.engine.FreePort;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker in KRaft mode (one node, broker and controller combined) run as a child JVM from
 * the jars of {@code org.apache.kafka:kafka_2.13}: {@code kafka.tools.StorageTool format} into a
 * fresh log directory, then {@code kafka.Kafka server.properties} on two free loopback ports (the
 * client listener and the controller's). A child JVM keeps the broker's dependencies (Scala, Log4j,
 * Jackson) off the tests' classpath; its classpath is the one Maven resolved when this module was
 * built ({@value #CLASSPATH_RESOURCE}).
 *
 * <p>Everything lives under {@code $TMPDIR/gateway-test-kafka/instance-*}, with the owning JVM's
 * pid and the broker's pid, so that the next JVM can stop and delete an instance whose JVM was
 * killed before its shutdown hook ran.
 */
final class ChildProcessBroker implements KafkaBackend {

  static final String CLASSPATH_RESOURCE = "broker-classpath.txt";

  private static final System.Logger LOG = System.getLogger(ChildProcessBroker.class.getName());
  private static final String OWNER_FILE = "owner.pid";
  private static final String BROKER_PID_FILE = "broker.pid";
  private static final String LOGGING_FILE = "log4j2.properties";
  // INFO to standard output (the broker's output file); the request log and state changes quieter.
  private static final String LOGGING =
      String.join(
          System.lineSeparator(),
          "appender.out.type = Console",
          "appender.out.name = out",
          "appender.out.layout.type = PatternLayout",
          "appender.out.layout.pattern = [%d] %p %m (%c)%n",
          "rootLogger.level = INFO",
          "rootLogger.appenderRef.out.ref = out",
          "logger.request.name = kafka.request.logger",
          "logger.request.level = WARN",
          "logger.state.name = state.change.logger",
          "logger.state.level = WARN",
          "");
  private static final long TOOL_TIMEOUT_SECONDS = 120;
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final String classpath;
  private final Path instance;
  private final Path logDirectory;
  private final Path settings;
  private final Path brokerLog;
  private final int port;
  private final int controllerPort;
  private volatile Process process;

  ChildProcessBroker() {
    classpath = brokerClasspath();
    Path base = Path.of(System.getProperty("java.io.tmpdir"), "gateway-test-kafka");
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + base, e);
    }
    removeAbandonedInstances(base);
    port = FreePort.find();
    int other = FreePort.find();
    while (other == port) {
      other = FreePort.find();
    }
    controllerPort = other;
    try {
      instance = Files.createTempDirectory(base, "instance-");
      Files.writeString(instance.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
      logDirectory = instance.resolve("logs");
      settings = instance.resolve("server.properties");
      brokerLog = instance.resolve("broker.log");
      Files.writeString(settings, serverProperties(), StandardCharsets.UTF_8);
      Files.writeString(instance.resolve(LOGGING_FILE), LOGGING, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a Kafka log directory", e);
    }
    long started = System.nanoTime();
    runTool(
        "kafka.tools.StorageTool",
        "format",
        "--cluster-id",
        Uuid.randomUuid().toString(),
        "--config",
        settings.toString(),
        "--ignore-formatted");
    LOG.log(
        Level.INFO,
        "Kafka storage formatted in "
            + logDirectory
            + " in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms");
    start();
  }

  private String serverProperties() {
    return String.join(
        System.lineSeparator(),
        "# chat gateway test fixture: one KRaft node, broker and controller, loopback only",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + logDirectory,
        // Topics are created explicitly, as the gateway does at start; a typo fails loudly.
        "auto.create.topics.enable=false",
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "");
  }

  @Override
  public EngineSource source() {
    return EngineSource.CHILD_PROCESS;
  }

  @Override
  public String description() {
    return "Kafka (KRaft) from the org.apache.kafka:kafka_2.13 jars, a child JVM on "
        + bootstrapServers()
        + " (controller on port "
        + controllerPort
        + ") with logs in "
        + logDirectory
        + " (output: "
        + brokerLog
        + ")";
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
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
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
    end(current.toHandle(), STOP_TIMEOUT_SECONDS);
    process = null;
    LOG.log(
        Level.INFO,
        "Kafka on port "
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
    List<String> command = javaCommand("kafka.Kafka", settings.toString());
    Process launched;
    try {
      launched =
          new ProcessBuilder(command)
              .directory(instance.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(brokerLog.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      Files.writeString(instance.resolve(BROKER_PID_FILE), Long.toString(launched.pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Kafka broker: " + command, e);
    }
    process = launched;
    Process child = launched;
    try {
      Readiness.await(
          bootstrapServers(),
          () ->
              child.isAlive()
                  ? null
                  : "the Kafka broker exited with status "
                      + child.exitValue()
                      + "; its output ("
                      + brokerLog
                      + "):"
                      + System.lineSeparator()
                      + tail(brokerLog));
    } catch (RuntimeException e) {
      end(child.toHandle(), 5);
      process = null;
      throw e;
    }
    LOG.log(
        Level.INFO,
        "Kafka started on "
            + bootstrapServers()
            + " in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms (output: "
            + brokerLog
            + ")");
  }

  @Override
  public void destroy() {
    Process current = process;
    if (current != null) {
      try {
        // Quick: the data goes away with the instance directory.
        current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not stop Kafka on port " + port + ": " + e);
      }
      process = null;
    }
    deleteTree(instance);
  }

  private void runTool(String mainClass, String... arguments) {
    List<String> command = javaCommand(mainClass, arguments);
    Path output = instance.resolve("tool.log");
    try {
      Process tool =
          new ProcessBuilder(command)
              .directory(instance.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!tool.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        tool.destroyForcibly();
        throw new IllegalStateException(
            "timed out after " + TOOL_TIMEOUT_SECONDS + " s: " + mainClass + " " + arguments[0]);
      }
      if (tool.exitValue() != 0) {
        throw new IllegalStateException(
            mainClass
                + " failed with status "
                + tool.exitValue()
                + ":"
                + System.lineSeparator()
                + tail(output));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + mainClass, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + mainClass, e);
    }
  }

  private List<String> javaCommand(String mainClass, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small and quick to start: tests send few records, and the machine may have two cores.
    command.add("-Xms64m");
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.awt.headless=true");
    command.add("-Dlog4j2.configurationFile=" + instance.resolve(LOGGING_FILE));
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(arguments));
    return command;
  }

  private static String brokerClasspath() {
    try (InputStream in = ChildProcessBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASSPATH_RESOURCE
                + " is missing: the build of test-support-kafka writes it"
                + " (maven-dependency-plugin build-classpath); build with Maven");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!text.contains("kafka_2.13")) {
        throw new IllegalStateException(CLASSPATH_RESOURCE + " does not name kafka_2.13: " + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + CLASSPATH_RESOURCE, e);
    }
  }

  /** Stops brokers of instances whose JVM is gone, and deletes the instances. */
  private static void removeAbandonedInstances(Path base) {
    try (DirectoryStream<Path> instances = Files.newDirectoryStream(base, "instance-*")) {
      for (Path abandoned : instances) {
        Optional<Long> owner = pid(abandoned.resolve(OWNER_FILE));
        if (owner.isPresent()
            && ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        if (owner.isEmpty() && !olderThanAMinute(abandoned)) {
          continue; // being created right now
        }
        LOG.log(Level.INFO, "removing the abandoned test Kafka instance " + abandoned);
        pid(abandoned.resolve(BROKER_PID_FILE))
            .flatMap(ProcessHandle::of)
            .filter(ChildProcessBroker::isKafka)
            .ifPresent(broker -> end(broker, 5));
        deleteTree(abandoned);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not look for abandoned instances under " + base + ": " + e);
    }
  }

  private static boolean isKafka(ProcessHandle handle) {
    return handle
        .info()
        .arguments()
        .map(arguments -> List.of(arguments).contains("kafka.Kafka"))
        .orElse(false);
  }

  /** SIGTERM (the broker shuts down cleanly), then SIGKILL after {@code timeoutSeconds}. */
  private static void end(ProcessHandle handle, long timeoutSeconds) {
    handle.destroy();
    try {
      handle.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.destroyForcibly();
    } catch (Exception e) {
      LOG.log(
          Level.WARNING,
          "Kafka (pid " + handle.pid() + ") did not stop in " + timeoutSeconds + " s; killing it");
      handle.destroyForcibly();
      handle.onExit().join();
    }
  }

  private static Optional<Long> pid(Path file) {
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

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(
          System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.log(Level.WARNING, "could not delete " + root + ": " + e);
    }
  }
}
