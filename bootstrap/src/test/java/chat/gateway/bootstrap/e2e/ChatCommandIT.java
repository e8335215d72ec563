package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes of the packaged jar's {@code chat} command talking through a real gateway. */
class ChatCommandIT {

  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aMessageTypedIntoOneProcessIsPrintedByTheOtherAndItsReceiptsByTheFirst(@TempDir Path dir)
      throws Exception {
    long alice = 62_001;
    long bob = 62_002;
    String url = gateway.uri().toString();
    try (ChatProcess a =
            ChatProcess.start(
                dir, "alice", Map.of(), "--url", url, "--token", gateway.token(alice));
        ChatProcess b =
            ChatProcess.start(
                dir, "bob", Map.of("GATEWAY_TOKEN", gateway.token(bob)), "--url", url)) {
      a.awaitLine("connected as " + alice);
      b.awaitLine("connected as " + bob);

      a.type("@" + bob + " hello from a pipe");

      String id = a.awaitMatch(Pattern.compile("sent #(\\d+)"));
      b.awaitLine("message #" + id + " from " + alice + ": hello from a pipe");
      a.awaitLine("receipt #" + id + " delivered by " + bob);
      b.type("/read " + id);
      a.awaitLine("receipt #" + id + " read by " + bob);
      b.type("what now?");
      b.awaitLine(
          "usage: @<user> <text> | /online | /away | /offline | /read <message id>"
              + " | /watch <user>... | /quit");

      a.endInput();
      b.endInput();
      assertThat(a.exitStatus()).isZero();
      assertThat(b.exitStatus()).isZero();
      assertThat(a.lines()).endsWith("closed 1000 closed by client (do not reconnect)", "ended");
      assertThat(b.lines())
          .containsOnlyOnce("message #" + id + " from " + alice + ": hello from a pipe");
    }
  }

  @Test
  void aCutConnectionIsReestablishedByItselfAndAMessageTypedMeanwhileGoesOutOnce(@TempDir Path dir)
      throws Exception {
    long alice = 62_003;
    long bob = 62_004;
    try (CuttingProxy proxy = CuttingProxy.to(gateway.gateway().port());
        ChatProcess a =
            ChatProcess.start(
                dir,
                "alice",
                Map.of(),
                "--url",
                proxy.uri().toString(),
                "--token",
                gateway.token(alice));
        ChatProcess b =
            ChatProcess.start(
                dir,
                "bob",
                Map.of(),
                "--url",
                gateway.uri().toString(),
                "--token",
                gateway.token(bob))) {
      a.awaitLine("connected as " + alice);
      b.awaitLine("connected as " + bob);

      proxy.down();
      a.awaitMatch(Pattern.compile("reconnecting in ([0-9.]+) s \\(attempt 1\\)"));
      a.type("@" + bob + " typed while cut off");
      proxy.up();

      String id = a.awaitMatch(Pattern.compile("sent #(\\d+)"));
      b.awaitLine("message #" + id + " from " + alice + ": typed while cut off");
      a.endInput();
      b.endInput();
      assertThat(a.exitStatus()).isZero();
      assertThat(b.exitStatus()).isZero();
      assertThat(a.lines().stream().filter(line -> line.equals("connected as " + alice)))
          .hasSize(2);
      assertThat(b.lines())
          .containsOnlyOnce("message #" + id + " from " + alice + ": typed while cut off");
    }
  }

  @Test
  void aRefusedTokenPrintsTheGatewaysErrorAndExits1(@TempDir Path dir) throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), "not-a-token\n");
    try (ChatProcess chat =
        ChatProcess.start(
            dir,
            "refused",
            Map.of(),
            "--url",
            gateway.uri().toString(),
            "--token-file",
            tokenFile.toString())) {
      assertThat(chat.exitStatus()).isEqualTo(1);
      assertThat(chat.lines())
          .anySatisfy(line -> assertThat(line).startsWith("error WS_AUTH_FAILED: "));
    }
  }
}
