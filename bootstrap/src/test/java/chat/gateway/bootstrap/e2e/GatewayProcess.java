package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.adapters.auth.JwtMinter;
import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar's gateway ({@code serve}) as a child process, started as {@code gateway.sh}
 * starts it: with the JVM options {@code scripts/jvm-options.sh} prints, and any further ones in
 * {@code JDK_JAVA_OPTIONS}. Its output goes to files in the test's directory.
 */
final class GatewayProcess implements AutoCloseable {

  /**
   * How long a start may take: a cluster instance creates its Kafka topics and reaches Redis and
   * PostgreSQL first, and on two busy cores that has taken more than 30 s.
   */
  private static final Duration START = Duration.ofSeconds(60);

  private static final Pattern LISTENING =
      Pattern.compile("chat gateway listening on ws://127\\.0\\.0\\.1:(\\d+)/ws");
  private static final Pattern METRICS =
      Pattern.compile("metrics: +http://127\\.0\\.0\\.1:(\\d+)/metrics");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final Path out;
  private final Path err;
  private final int port;
  private final int adminPort;
  private final JwtMinter minter = new JwtMinter(JwtSettings.sharedSecret(GatewayFixture.SECRET));

  private GatewayProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
    try {
      this.port =
          Integer.parseInt(
              await()
                  .atMost(START)
                  .alias("the banner in " + out.getFileName())
                  .until(this::listeningPort, Optional::isPresent)
                  .orElseThrow());
      Matcher metrics = METRICS.matcher(read(out));
      this.adminPort = metrics.find() ? Integer.parseInt(metrics.group(1)) : -1;
    } catch (RuntimeException | Error e) {
      // Nobody else holds this process: one that never came up must not outlive the test.
      process.destroyForcibly();
      throw e;
    }
  }

  /** The port the banner names, once printed; fails when the process ended before. */
  private Optional<String> listeningPort() {
    assertThat(process.isAlive()).as("gateway running; stderr: %s", read(err)).isTrue();
    Matcher matcher = LISTENING.matcher(read(out));
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /**
   * Starts the gateway on {@code port} (0: a free one) with the test secret and {@code env}, more
   * JVM options in {@code jdkJavaOptions} (e.g. {@code -Xmx64m}); {@code name} names its output
   * files. Returns once it listens.
   */
  static GatewayProcess start(
      Path dir, String name, int port, String jdkJavaOptions, Map<String, String> env)
      throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("gateway.jar", "target/gateway.jar"));
    assertThat(jar).as("the packaged gateway (mvn package)").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launcherOptions());
    command.addAll(List.of("-jar", jar.toString(), "serve"));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(variable -> variable.startsWith("GATEWAY_"));
    environment.remove("JAVA_TOOL_OPTIONS");
    environment.put("JDK_JAVA_OPTIONS", jdkJavaOptions);
    Map<String, String> settings = new HashMap<>();
    settings.put("GATEWAY_HOST", "127.0.0.1");
    settings.put("GATEWAY_PORT", Integer.toString(port));
    // A free one: instances on one machine must not share the default 9090.
    settings.put("GATEWAY_ADMIN_PORT", "0");
    settings.put("GATEWAY_JWT_SECRET", GatewayFixture.SECRET);
    settings.put("GATEWAY_USERS", "1-100000");
    settings.put("GATEWAY_SHUTDOWN_TIMEOUT", "2s");
    settings.putAll(env);
    environment.putAll(settings);
    return new GatewayProcess(builder.start(), out, err);
  }

  /** The options {@code scripts/jvm-options.sh} gives this JDK: those gateway.sh uses. */
  static List<String> launcherOptions() throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("gateway.scripts", "../scripts"), "jvm-options.sh");
    Process options =
        new ProcessBuilder("bash", script.toString(), Integer.toString(Runtime.version().feature()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String printed = new String(options.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(options.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(options.exitValue()).as(script + " exit status").isZero();
    return printed.lines().filter(line -> !line.isBlank()).toList();
  }

  /** A port free now, for a gateway that must come back on the same one. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  /** The internal port (/metrics, /admin/), as the banner names it. */
  int adminPort() {
    assertThat(adminPort).as("the metrics line of the banner").isPositive();
    return adminPort;
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + port + "/ws");
  }

  String token(long user) {
    return minter.mint(UserId.of(user), Duration.ofHours(1));
  }

  /** Connects and authenticates as {@code user}, asserting success. */
  TestClient login(long user) {
    TestClient client = TestClient.connect(uri());
    ServerPayload.AuthRsp rsp = client.auth(token(user));
    assertThat(rsp.success()).as("auth of user %d: %s", user, rsp.error()).isTrue();
    return client;
  }

  /** The status of {@code GET path}. */
  int get(String path) throws IOException, InterruptedException {
    return fetch(path).statusCode();
  }

  /** The answer to {@code GET path}. */
  HttpResponse<String> fetch(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits at most {@code limit} for the process to end; its exit status, or empty. */
  Optional<Integer> awaitExit(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)
        ? Optional.of(process.exitValue())
        : Optional.empty();
  }

  /** Asks the process to stop, as {@code kill -TERM} does (a graceful shutdown follows). */
  void terminate() {
    process.destroy();
  }

  long pid() {
    return process.pid();
  }

  /** Ends the process at once, as {@code kill -9} does. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  /** What it logged: its standard error. */
  String log() {
    return read(err);
  }

  /** What it printed, standard output then standard error. */
  String output() {
    return read(out) + read(err);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
