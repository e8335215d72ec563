package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.auth.JwtMinter;
import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway as a process, attacked from outside: more silent sockets than its
 * file-descriptor limit, and hostile requests and frames, checking what it answers and that its log
 * stays free of stack traces.
 */
class HostileSocketsProcessIT {

  private static final JwtMinter MINTER =
      new JwtMinter(JwtSettings.sharedSecret(GatewayFixture.SECRET));

  @Test
  void moreSilentSocketsThanDescriptorsNeitherExhaustThemNorLockOutARealClient(@TempDir Path dir)
      throws Exception {
    // 256 descriptors, the default caps (10,000 connections + 1,000 handshakes) far above them,
    // and a handshake timeout long enough that none of the silent sockets times out meanwhile.
    Process process = start(dir, 256, Map.of("GATEWAY_HANDSHAKE_TIMEOUT", "60s"));
    ShutdownIT.ProcessOutput output = new ShutdownIT.ProcessOutput(dir.resolve("gateway.out"));
    List<RawSocket> silent = new ArrayList<>();
    try {
      int port = output.awaitNumber(Pattern.compile("listening on ws://[^:]+:(\\d+)/ws"));
      assertThat(output.text())
          .as("the start warns that the descriptors do not cover the caps")
          .contains("does not cover GATEWAY_MAX_CONNECTIONS");

      for (int i = 0; i < 400; i++) {
        silent.add(RawSocket.connect(port));
      }
      // While they are held: a real client connects and logs in, promptly.
      long started = System.nanoTime();
      try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"))) {
        assertThat(client.auth(MINTER.mint(UserId.of(1), Duration.ofHours(1))).success()).isTrue();
        client.send(new ClientPayload.Ping());
        client.await(FrameType.PONG);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

      // And after they go, at once again.
      silent.forEach(RawSocket::close);
      started = System.nanoTime();
      try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"))) {
        assertThat(client.auth(MINTER.mint(UserId.of(2), Duration.ofHours(1))).success()).isTrue();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

      assertThat(output.text())
          .doesNotContain("Too many open files")
          .doesNotContainPattern("(?m)^\\s+at ");
    } finally {
      silent.forEach(RawSocket::close);
      stop(process);
    }
  }

  @Test
  void hostileRequestsAndFramesAreAnsweredWithoutAStackTraceInTheLog(@TempDir Path dir)
      throws Exception {
    Process process = start(dir, 0, Map.of());
    ShutdownIT.ProcessOutput output = new ShutdownIT.ProcessOutput(dir.resolve("gateway.out"));
    try {
      int port = output.awaitNumber(Pattern.compile("listening on ws://[^:]+:(\\d+)/ws"));

      Map<String, String> noUpgrade = RawSocket.upgradeHeaders();
      noUpgrade.remove("Upgrade");
      Map<String, String> draft8 = RawSocket.upgradeHeaders();
      draft8.put("Sec-WebSocket-Version", "8");
      Map<String, String> badKey = RawSocket.upgradeHeaders();
      badKey.put("Sec-WebSocket-Key", "");
      for (Map<String, String> headers : List.of(noUpgrade, draft8, badKey)) {
        try (RawSocket socket = RawSocket.connect(port)) {
          assertThat(socket.request(headers).status()).isIn(400, 426);
        }
      }
      // A 64-bit length with the high bit set, an unmasked close, a reserved opcode.
      List<byte[]> frames =
          List.of(
              new byte[] {(byte) 0x82, (byte) 0xff, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4},
              RawSocket.encode(true, 0, 0x8, false, new byte[] {0x03, (byte) 0xe8}),
              RawSocket.encode(true, 0, 0x3, true, new byte[] {1}));
      for (byte[] frame : frames) {
        try (RawSocket socket = RawSocket.upgraded(port)) {
          socket.send(frame);
          assertThat(socket.awaitCloseCode()).isEqualTo(1002);
        }
      }
      stop(process);
      assertThat(output.text())
          .contains("listening on")
          .doesNotContain("Exception")
          .doesNotContainPattern("(?m)^\\s+at ");
    } finally {
      process.destroyForcibly();
    }
  }

  /** Starts the jar with this descriptor limit (0: the inherited one) and extra variables. */
  private static Process start(Path dir, int descriptors, Map<String, String> env)
      throws Exception {
    Path jar = Path.of(System.getProperty("gateway.jar", "target/gateway.jar"));
    assertThat(jar).as("the packaged gateway (mvn package)").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command =
        (descriptors > 0 ? "ulimit -n " + descriptors + "; " : "")
            + "exec '"
            + java
            + "' -jar '"
            + jar
            + "'";
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
    builder.environment().put("GATEWAY_PORT", "0");
    builder.environment().put("GATEWAY_ADMIN_PORT", "0");
    builder.environment().put("GATEWAY_HOST", "127.0.0.1");
    builder.environment().put("GATEWAY_JWT_SECRET", GatewayFixture.SECRET);
    builder.environment().put("GATEWAY_DEV_SECRET_FILE", dir.resolve("dev-secret").toString());
    builder.environment().putAll(env);
    builder.redirectOutput(dir.resolve("gateway.out").toFile());
    return builder.start();
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
