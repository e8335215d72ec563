package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graceful shutdown: in this JVM through {@code shutdown()}, and as a real process on SIGTERM. */
class ShutdownIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void shutdownClosesEveryConnectionWith1001AndReportsNotReadyWhileDraining() throws Exception {
    GatewayFixture gateway = GatewayFixture.start();
    TestClient authenticated = gateway.login(3001);
    TestClient unauthenticated = gateway.connect();
    Socket silent = silentWebSocket(gateway.gateway().port());
    await().atMost(Duration.ofSeconds(5)).until(() -> gateway.gateway().openConnections() == 3);
    URI readyz = gateway.http("/readyz");
    URI healthz = gateway.http("/healthz");
    assertThat(status(readyz)).isEqualTo(200);

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway::close);

    assertThat(authenticated.awaitClose()).isEqualTo(1001);
    assertThat(unauthenticated.awaitClose()).isEqualTo(1001);
    // The silent peer never answers the close frame, so the gateway waits out its close grace
    // (3 s) in the drain: readiness is already off, liveness still on.
    await().atMost(Duration.ofSeconds(2)).until(() -> status(readyz) == 503);
    assertThat(status(healthz)).isEqualTo(200);
    assertThat(stopping).as("the drain waits for the silent socket").isNotDone();
    stopping.get(10, TimeUnit.SECONDS);
    silent.close();
  }

  /**
   * A WebSocket peer that completes the handshake and then neither reads nor answers anything (the
   * JDK client still answers a close frame while it is not reading messages).
   */
  private static Socket silentWebSocket(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket
        .getOutputStream()
        .write(
            ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port
                    + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    StringBuilder response = new StringBuilder();
    InputStream in = socket.getInputStream();
    while (!response.toString().endsWith("\r\n\r\n")) {
      int next = in.read();
      assertThat(next).as("the handshake response: %s", response).isNotNegative();
      response.append((char) next);
    }
    assertThat(response.toString()).startsWith("HTTP/1.1 101");
    return socket;
  }

  @Test
  void sigtermClosesConnectionsWith1001AndTheProcessExits(@TempDir Path dir) throws Exception {
    Path jar = Path.of(System.getProperty("gateway.jar", "target/gateway.jar"));
    assertThat(jar).as("the packaged gateway (mvn package)").exists();
    Path secretFile = dir.resolve("dev-secret");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true);
    builder.environment().put("GATEWAY_PORT", "0");
    builder.environment().put("GATEWAY_ADMIN_PORT", "0");
    builder.environment().put("GATEWAY_HOST", "127.0.0.1");
    builder.environment().put("GATEWAY_DEV_SECRET_FILE", secretFile.toString());
    builder.environment().put("GATEWAY_SHUTDOWN_TIMEOUT", "5s");
    ProcessOutput output = new ProcessOutput(dir.resolve("gateway.out"));
    builder.redirectOutput(output.file().toFile());
    Process process = builder.start();
    try {
      int port = output.awaitNumber(Pattern.compile("listening on ws://[^:]+:(\\d+)/ws"));
      String token = mintWithTheJar(jar, secretFile, 42);
      try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"))) {
        assertThat(client.auth(token).success()).as("a token minted by the token command").isTrue();
        client.send(new ClientPayload.Ping());
        client.await(FrameType.PONG);

        long started = System.nanoTime();
        process.destroy();
        assertThat(client.awaitClose()).isEqualTo(1001);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(7));
        assertThat(process.exitValue()).isEqualTo(143);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> output.text().contains("gateway stopped"));
      assertThat(output.text()).contains("NOT DURABLE").contains("DEVELOPMENT KEY");
    } finally {
      process.destroyForcibly();
    }
  }

  private static String mintWithTheJar(Path jar, Path secretFile, long user) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            jar.toString(),
            "token",
            "--user",
            Long.toString(user));
    builder.environment().put("GATEWAY_DEV_SECRET_FILE", secretFile.toString());
    builder.environment().remove("GATEWAY_JWT_SECRET");
    Process token = builder.start();
    String out = new String(token.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(token.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(token.exitValue()).isZero();
    assertThat(Files.exists(secretFile)).isTrue();
    return out;
  }

  /** What a child process printed, redirected to a file (a pipe loses the last lines at exit). */
  record ProcessOutput(Path file) {

    String text() {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }

    /** Waits for a line matching {@code pattern} and returns its first group as a number. */
    int awaitNumber(Pattern pattern) {
      AtomicInteger found = new AtomicInteger(-1);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                Matcher matcher = pattern.matcher(text());
                if (matcher.find()) {
                  found.set(Integer.parseInt(matcher.group(1)));
                }
                return found.get() > 0;
              });
      return found.get();
    }
  }

  static int status(URI uri) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
