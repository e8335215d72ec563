package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.gateway.adapters.auth.JwtMinter;
import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.client.GatewayClient;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/cluster-up.sh} and {@code cluster-down.sh} end to end: the whole topology comes up
 * on free ports under a fresh state directory, each piece answers (PostgreSQL with the users,
 * Redis, Kafka, both gateway instances with their own GATEWAY_INSTANCE_ID, HAProxy with both
 * instances UP), clients of the client library log in through HAProxy and are spread over both
 * instances, a message from one to the other is stored and pushed across instances; then everything
 * stops and no process of it is left.
 */
class ClusterScriptsIT {

  private static final Path SCRIPTS =
      Path.of(System.getProperty("gateway.scripts", "../scripts")).toAbsolutePath().normalize();
  private static final List<String> PIECES =
      List.of("redis", "kafka", "gateway-1", "gateway-2", "haproxy");
  private static final Duration UP = Duration.ofSeconds(240);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Path state;
  private boolean passed;
  private final Map<String, Integer> ports = new LinkedHashMap<>();

  @BeforeEach
  void prepare() throws Exception {
    assumeTrue(
        onPath("haproxy") || isRoot(),
        "HAProxy is not installed and this is not root, so cluster-up.sh cannot install it"
            + " (apt-get install haproxy)");
    // Under /tmp: as root PostgreSQL runs as nobody, who must reach the state directory.
    state =
        Files.createTempDirectory(
            Path.of("/tmp"),
            "cluster-it-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    for (String port :
        List.of(
            "PORT",
            "STATS_PORT",
            "GATEWAY_1_PORT",
            "GATEWAY_2_PORT",
            "GATEWAY_1_ADMIN_PORT",
            "GATEWAY_2_ADMIN_PORT",
            "PG_PORT",
            "REDIS_PORT",
            "KAFKA_PORT",
            "KAFKA_CONTROLLER_PORT")) {
      int free = GatewayProcess.freePort();
      while (ports.containsValue(free)) {
        free = GatewayProcess.freePort();
      }
      ports.put(port, free);
    }
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (state == null) {
      return;
    }
    Script down = script("cluster-down.sh", "down-again"); // harmless when already down
    assertThat(down.status()).as("cluster-down.sh again; output:%n%s", down.output()).isZero();
    if (passed) {
      script("cluster-down.sh", "purge", "--purge"); // a failed run's state stays, to be read
    }
  }

  @Test
  void bringsUpTheTopologyServesThroughHaproxyAndStopsEverything() throws Exception {
    Script up = script("cluster-up.sh", "up");
    assertThat(up.status()).as("cluster-up.sh exit status; output:%n%s", up.output()).isZero();
    String url = up.output().strip().lines().reduce((first, last) -> last).orElseThrow();
    assertThat(url).isEqualTo("ws://127.0.0.1:" + ports.get("PORT") + "/ws");

    Map<String, Long> pids = new LinkedHashMap<>();
    for (String piece : PIECES) {
      long pid = pid(piece);
      assertThat(running(pid)).as("%s (pid %d) runs", piece, pid).isTrue();
      pids.put(piece, pid);
    }
    assertThat(environment(pids.get("gateway-1"))).contains("GATEWAY_INSTANCE_ID=gateway-1");
    assertThat(environment(pids.get("gateway-2"))).contains("GATEWAY_INSTANCE_ID=gateway-2");
    for (String instance : List.of("gateway-1", "gateway-2")) {
      assertThat(environment(pids.get(instance)))
          .contains("GATEWAY_REDIS_URL=redis://127.0.0.1:" + ports.get("REDIS_PORT"))
          .contains("GATEWAY_KAFKA_BOOTSTRAP=127.0.0.1:" + ports.get("KAFKA_PORT"))
          .contains(
              "GATEWAY_DB_URL=jdbc:postgresql://127.0.0.1:" + ports.get("PG_PORT") + "/postgres");
    }

    try (Connection db =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + ports.get("PG_PORT") + "/postgres",
                "gateway",
                "");
        ResultSet users = db.createStatement().executeQuery("select count(*) from users")) {
      assertThat(users.next()).isTrue();
      assertThat(users.getLong(1)).as("users 1-10 added").isEqualTo(10);
    }
    assertThat(redisPing(ports.get("REDIS_PORT"))).isEqualTo("+PONG");
    assertThat(accepts(ports.get("KAFKA_PORT"))).as("Kafka's port").isTrue();
    assertThat(Files.readString(state.resolve("logs/kafka.log"))).contains("Kafka Server started");
    for (String instance : List.of("GATEWAY_1_PORT", "GATEWAY_2_PORT")) {
      assertThat(get(ports.get(instance), "/readyz").statusCode()).as(instance).isEqualTo(200);
    }
    assertThat(serverStatus()).containsEntry("gateway-1", "UP").containsEntry("gateway-2", "UP");

    // Through HAProxy: two clients at once go to the two instances (leastconn).
    URI gateway = URI.create(url);
    JwtMinter minter = new JwtMinter(JwtSettings.sharedSecret(GatewayFixture.SECRET));
    RecordingListener bobSaw = new RecordingListener();
    try (GatewayClient alice =
            GatewayClient.builder(gateway)
                .token(() -> minter.mint(UserId.of(1), Duration.ofMinutes(5)))
                .reconnect(false)
                .build();
        GatewayClient bob =
            GatewayClient.builder(gateway)
                .token(() -> minter.mint(UserId.of(2), Duration.ofMinutes(5)))
                .reconnect(false)
                .listener(bobSaw)
                .build()) {
      assertThat(alice.connect().get(30, TimeUnit.SECONDS)).isEqualTo(UserId.of(1));
      assertThat(bob.connect().get(30, TimeUnit.SECONDS)).isEqualTo(UserId.of(2));
      ChatAck ack = alice.send(2, "text", "through haproxy").get(30, TimeUnit.SECONDS);
      assertThat(ack.messageId()).isNotNull();
      assertThat(sessionsPerServer())
          .as("sessions per instance (HAProxy statistics)")
          .containsEntry("gateway-1", 1L)
          .containsEntry("gateway-2", 1L);
      // Alice and bob are on different instances: the push went from one to the other (Kafka).
      await()
          .atMost(Duration.ofSeconds(30))
          .alias("the message pushed to bob on the other instance")
          .until(() -> bobSaw.messageIds().contains(ack.messageId()));
    }

    Script down = script("cluster-down.sh", "down");
    assertThat(down.status()).as("cluster-down.sh; output:%n%s", down.output()).isZero();
    pids.forEach(
        (piece, pid) -> assertThat(running(pid)).as("%s (pid %d) is gone", piece, pid).isFalse());
    assertThat(state.resolve("run")).isEmptyDirectory();
    assertThat(state.resolve("postgres/postmaster.pid")).doesNotExist();
    for (Map.Entry<String, Integer> port : ports.entrySet()) {
      assertThat(accepts(port.getValue()))
          .as("%s %d closed", port.getKey(), port.getValue())
          .isFalse();
    }
    passed = true;
  }

  private record Script(int status, String output) {}

  private Script script(String name, String log, String... arguments)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile(Path.of("/tmp"), "cluster-it-" + log + "-", ".out");
    List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve(name).toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(variable -> variable.startsWith("GATEWAY_"));
    environment.remove("JAVA_TOOL_OPTIONS");
    environment.put("GATEWAY_CLUSTER_DIR", state.toString());
    // Downloads (PostgreSQL binaries, the Kafka classpath) are kept between runs.
    environment.put("GATEWAY_CLUSTER_CACHE", "/tmp/gateway-cluster-it-cache");
    environment.put("GATEWAY_CLUSTER_JAR", jar().toString());
    environment.put("GATEWAY_CLUSTER_USERS", "1-10");
    environment.put("GATEWAY_CLUSTER_TIMEOUT", "120");
    environment.put("GATEWAY_CLUSTER_GATEWAY_HEAP", "192m");
    environment.put("GATEWAY_CLUSTER_KAFKA_HEAP", "384m");
    environment.put("GATEWAY_JWT_SECRET", GatewayFixture.SECRET);
    environment.put("GATEWAY_SHUTDOWN_TIMEOUT", "2s");
    ports.forEach((port, value) -> environment.put("GATEWAY_CLUSTER_" + port, value.toString()));
    Process process = builder.start();
    if (!process.waitFor(UP.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          name + " did not finish in " + UP + "; output:\n" + Files.readString(output));
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    Files.delete(output);
    return new Script(process.exitValue(), printed);
  }

  private static Path jar() {
    Path jar = Path.of(System.getProperty("gateway.jar", "target/gateway.jar")).toAbsolutePath();
    assertThat(jar).as("the packaged gateway (mvn package)").exists();
    return jar;
  }

  private long pid(String piece) throws IOException {
    String line = Files.readString(state.resolve("run/" + piece + ".pid")).strip();
    return Long.parseLong(line.split(" ")[0]);
  }

  /**
   * Whether process {@code pid} runs: it exists and has not ended. (The scripts' processes are
   * orphans once cluster-up.sh exits; one that ended may stay a zombie until init reaps it, which
   * {@link ProcessHandle#isAlive} still counts as alive.)
   */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return !state.equals("Z") && !state.equals("X");
    } catch (IOException e) {
      return false;
    }
  }

  /** The environment process {@code pid} was started with, one NAME=value per entry. */
  private static List<String> environment(long pid) throws IOException {
    String raw = Files.readString(Path.of("/proc", Long.toString(pid), "environ"));
    return List.of(raw.split("\0"));
  }

  private static String redisPing(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** HAProxy's statistics as CSV rows of the gateways backend, by server name. */
  private List<String[]> backendRows() throws IOException, InterruptedException {
    HttpResponse<String> stats = get(ports.get("STATS_PORT"), "/stats;csv");
    assertThat(stats.statusCode()).isEqualTo(200);
    List<String[]> rows = new ArrayList<>();
    for (String line : stats.body().lines().toList()) {
      String[] fields = line.split(",", -1);
      if (fields.length > 17 && fields[0].equals("gateways") && fields[1].startsWith("gateway-")) {
        rows.add(fields);
      }
    }
    return rows;
  }

  /** Each instance's status as HAProxy's health checks see it (field 18, status). */
  private Map<String, String> serverStatus() throws IOException, InterruptedException {
    Map<String, String> status = new LinkedHashMap<>();
    backendRows().forEach(row -> status.put(row[1], row[17]));
    return status;
  }

  /** The sessions HAProxy sent to each instance so far (field 8, stot). */
  private Map<String, Long> sessionsPerServer() throws IOException, InterruptedException {
    Map<String, Long> sessions = new LinkedHashMap<>();
    backendRows().forEach(row -> sessions.put(row[1], Long.parseLong(row[7])));
    return sessions;
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String directory : path.split(":")) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRoot() {
    try {
      Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return id.waitFor() == 0 && uid.equals("0");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
