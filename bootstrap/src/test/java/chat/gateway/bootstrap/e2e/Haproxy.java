package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's HAProxy in TCP mode in front of gateway instances, as a child process with a generated
 * configuration (the shape of {@code deploy/haproxy/haproxy.cfg}, with test timings): {@code
 * balance roundrobin}, health checks on {@code /readyz} every 300 ms (two failures mark an instance
 * DOWN, two successes UP again), a short {@code timeout connect} with a retry on another instance,
 * one-hour client and server timeouts for WebSockets, and the statistics page (CSV) to read each
 * instance's state and sessions.
 *
 * <p>{@link #assumeInstalled()} installs the package with {@code apt-get} when it is missing and
 * this runs as root (as CI does), the way {@code scripts/cluster-common.sh} does; otherwise the
 * test is skipped with the reason.
 */
final class Haproxy implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration START = Duration.ofSeconds(20);

  private final Process process;
  private final Path log;
  private final int port;
  private final int statsPort;

  private Haproxy(Process process, Path log, int port, int statsPort) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.statsPort = statsPort;
  }

  /**
   * Skips the calling test unless {@code haproxy} is on the PATH, installing Debian's package first
   * when it is missing and this JVM runs as root.
   */
  static void assumeInstalled() {
    if (installed()) {
      return;
    }
    Assumptions.assumeTrue(
        isRoot(),
        "HAProxy is not installed and this is not root, so it cannot be installed"
            + " (apt-get install haproxy)");
    String output = aptGet("install", "-y", "-q", "--no-install-recommends", "haproxy");
    if (!installed()) {
      output += aptGet("update", "-q");
      output += aptGet("install", "-y", "-q", "--no-install-recommends", "haproxy");
    }
    assertThat(installed())
        .as("apt-get install haproxy, as root; its output:%n%s", output)
        .isTrue();
  }

  /**
   * Starts HAProxy in front of {@code backends} (name → port on 127.0.0.1), its files under {@code
   * dir}; returns once its health checks see every backend UP.
   */
  static Haproxy start(Path dir, Map<String, Integer> backends) throws IOException {
    assumeInstalled();
    int port = GatewayProcess.freePort();
    int statsPort = GatewayProcess.freePort();
    while (statsPort == port) {
      statsPort = GatewayProcess.freePort();
    }
    StringBuilder servers = new StringBuilder();
    backends.forEach(
        (name, backend) ->
            servers
                .append("    server ")
                .append(name)
                .append(" 127.0.0.1:")
                .append(backend)
                .append(" check\n"));
    String config =
        """
        global
            maxconn 4000
            log stdout format short local0 info

        defaults
            mode tcp
            log global
            option tcplog
            timeout connect 500ms
            # A WebSocket stays open: longer than any silence of a healthy one.
            timeout client 1h
            timeout server 1h
            timeout client-fin 2s
            timeout server-fin 2s
            timeout check 1s
            # A refused connection (an instance that just died) is tried again on another.
            retries 2
            option redispatch 1

        frontend clients
            bind 127.0.0.1:%d
            default_backend gateways

        backend gateways
            balance roundrobin
            option httpchk GET /readyz
            http-check expect status 200
            default-server inter 300ms fall 2 rise 2
        %s
        frontend stats
            mode http
            bind 127.0.0.1:%d
            timeout client 10s
            stats enable
            stats uri /stats
        """
            .formatted(port, servers, statsPort);
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    Path log = dir.resolve("haproxy.log");
    String haproxy = executable().orElseThrow();
    Process check =
        new ProcessBuilder(haproxy, "-c", "-q", "-f", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      assertThat(check.waitFor(20, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertThat(check.exitValue()).as("haproxy -c on %s: %s", file, Files.readString(log)).isZero();
    Process process =
        new ProcessBuilder(haproxy, "-db", "-f", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Haproxy started = new Haproxy(process, log, port, statsPort);
    try {
      for (String name : backends.keySet()) {
        started.awaitStatus(name, "UP", START);
      }
    } catch (RuntimeException | AssertionError e) {
      started.close();
      throw e;
    }
    return started;
  }

  /** Where clients connect: {@code ws://127.0.0.1:port/ws}. */
  URI uri() {
    return URI.create("ws://127.0.0.1:" + port + "/ws");
  }

  /** Each backend's state as the health checks see it ({@code UP}, {@code DOWN}, ...). */
  Map<String, String> status() {
    Map<String, String> status = new LinkedHashMap<>();
    rows().forEach(row -> status.put(row[1], row[17]));
    return status;
  }

  /** Each backend's current sessions (field {@code scur}). */
  Map<String, Long> currentSessions() {
    Map<String, Long> sessions = new LinkedHashMap<>();
    rows().forEach(row -> sessions.put(row[1], Long.parseLong(row[4])));
    return sessions;
  }

  /** Waits until backend {@code name}'s state starts with {@code state} (e.g. UP, DOWN). */
  void awaitStatus(String name, String state, Duration limit) {
    await()
        .atMost(limit)
        .pollInterval(Duration.ofMillis(100))
        .alias("HAProxy sees " + name + " " + state + "; its log: " + logText())
        .until(() -> status().getOrDefault(name, "").startsWith(state));
  }

  /** The statistics' rows of the gateways backend's servers, split on commas. */
  private List<String[]> rows() {
    assertThat(process.isAlive()).as("HAProxy runs; its log: %s", logText()).isTrue();
    HttpResponse<String> stats;
    try {
      stats =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
    List<String[]> rows = new ArrayList<>();
    for (String line : stats.body().lines().toList()) {
      String[] fields = line.split(",", -1);
      if (fields.length > 17
          && fields[0].equals("gateways")
          && !fields[1].equals("BACKEND")
          && !fields[1].equals("FRONTEND")) {
        rows.add(fields);
      }
    }
    return rows;
  }

  private String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static boolean installed() {
    return executable().isPresent();
  }

  /** The {@code haproxy} program on the PATH or in {@code /usr/sbin} (Debian's place for it). */
  private static Optional<String> executable() {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> directories = new ArrayList<>(List.of(path.split(":")));
    directories.add("/usr/sbin");
    return directories.stream()
        .filter(directory -> !directory.isEmpty())
        .map(directory -> Path.of(directory, "haproxy"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }

  private static boolean isRoot() {
    try {
      Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return id.waitFor() == 0 && uid.equals("0");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String aptGet(String... arguments) {
    List<String> command = new ArrayList<>(List.of("apt-get"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    try {
      Process apt = builder.start();
      String output = new String(apt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(apt.waitFor(10, TimeUnit.MINUTES)).isTrue();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
