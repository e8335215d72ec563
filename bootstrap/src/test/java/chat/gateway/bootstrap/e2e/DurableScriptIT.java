package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.domain.MessageId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./durable.sh}, the one command for a durable single node: PostgreSQL from Maven Central
 * under a data directory and the gateway on it; a message stored in one run is there in the next,
 * and stopping the gateway stops PostgreSQL.
 */
class DurableScriptIT {

  private static final Pattern LISTENING = Pattern.compile("listening on ws://[^:]+:(\\d+)/ws");

  @Test
  void aMessageStoredInOneRunIsDeliveredInTheNext() throws Exception {
    // Under /tmp: when the build runs as root, PostgreSQL runs as nobody, who must reach the data.
    Path data =
        Files.createTempDirectory(
            Path.of("/tmp"),
            "durable-it-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    int pgPort = GatewayProcess.freePort();
    MessageId stored;
    try (Run first = Run.start(data, pgPort, "first");
        TestClient alice = first.login(1)) {
      long seq = alice.send(new ClientPayload.Chat(2, "text", "kept on disk", Optional.empty()));
      ServerFrame ack = alice.await(f -> f.seq() == seq, "ChatAck");
      assertThat(ack.type()).as("%s", ack).isEqualTo(FrameType.CHAT_ACK);
      stored = ((ServerPayload.ChatAck) ack.payload()).messageId();
      assertThat(first.output()).contains("creating the database").contains("users");
    }

    try (Run second = Run.start(data, pgPort, "second");
        TestClient bob = second.login(2)) {
      ServerFrame push = bob.await(FrameType.CHAT_PUSH);
      assertThat(((ServerPayload.ChatPush) push.payload()).message().id()).isEqualTo(stored);
      assertThat(second.output()).doesNotContain("creating the database");
    }
  }

  /** One run of the script, stopped with SIGTERM as a supervisor would. */
  private record Run(Process process, Path log, int port) implements AutoCloseable {

    static Run start(Path data, int pgPort, String name) throws Exception {
      Path log = data.resolveSibling(data.getFileName() + "-" + name + ".log");
      ProcessBuilder builder =
          new ProcessBuilder("bash", Path.of("..", "durable.sh").toAbsolutePath().toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(variable -> variable.startsWith("GATEWAY_"));
      builder.environment().put("GATEWAY_DATA_DIR", data.toString());
      builder.environment().put("GATEWAY_DATA_PG_PORT", Integer.toString(pgPort));
      builder.environment().put("GATEWAY_HOST", "127.0.0.1");
      builder.environment().put("GATEWAY_PORT", "0");
      builder.environment().put("GATEWAY_ADMIN_PORT", "0");
      builder.environment().put("GATEWAY_JWT_SECRET", GatewayFixture.SECRET);
      builder.environment().put("GATEWAY_USERS", "1-10");
      builder.environment().put("GATEWAY_SHUTDOWN_TIMEOUT", "2s");
      Process process = builder.start();
      int[] port = new int[1];
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                assertThat(process.isAlive()).as("durable.sh: %s", read(log)).isTrue();
                Matcher matcher = LISTENING.matcher(read(log));
                if (matcher.find()) {
                  port[0] = Integer.parseInt(matcher.group(1));
                  return true;
                }
                return false;
              });
      return new Run(process, log, port[0]);
    }

    TestClient login(long user) {
      TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"));
      String token =
          new chat.gateway.adapters.auth.JwtMinter(
                  chat.gateway.adapters.auth.JwtSettings.sharedSecret(GatewayFixture.SECRET))
              .mint(chat.gateway.domain.UserId.of(user), Duration.ofMinutes(5));
      assertThat(client.auth(token).success()).isTrue();
      return client;
    }

    String output() {
      return read(log);
    }

    @Override
    public void close() throws IOException {
      process.destroy();
      boolean stopped;
      try {
        stopped = process.waitFor(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while durable.sh stopped", e);
      }
      assertThat(stopped).as("durable.sh stopped").isTrue();
      assertThat(read(log)).contains("stopping PostgreSQL");
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }
}
