package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, defect 6, as it was found: two {@code chat} processes ride out a {@code kill -9} and
 * restart of the gateway process. The restarted gateway starts with an empty store; it used to
 * number messages from 1 again, so the line typed meanwhile was acked with an id the recipient's
 * client had already seen, and that client dropped it as a repeat.
 */
class GatewayRestartIT {

  private static final long ALICE = 82_001;
  private static final long BOB = 82_002;
  private static final Pattern SENT = Pattern.compile("sent #(\\d+)");

  @Test
  void aMessageSentAfterARestartGetsAHigherIdAndIsShown(@TempDir Path dir) throws Exception {
    int port = GatewayProcess.freePort();
    GatewayProcess first = GatewayProcess.start(dir, "gateway-1", port, "", Map.of());
    String url = first.uri().toString();
    try (first;
        ChatProcess alice =
            ChatProcess.start(dir, "alice", Map.of(), "--url", url, "--token", first.token(ALICE));
        ChatProcess bob =
            ChatProcess.start(dir, "bob", Map.of(), "--url", url, "--token", first.token(BOB))) {
      alice.awaitLine("connected as " + ALICE);
      bob.awaitLine("connected as " + BOB);
      alice.type("@" + BOB + " before the restart");
      String before = alice.awaitMatch(SENT);
      bob.awaitLine("message #" + before + " from " + ALICE + ": before the restart");

      first.kill();
      alice.awaitMatch(Pattern.compile("reconnecting in ([0-9.]+) s \\(attempt 1\\)"));
      alice.type("@" + BOB + " typed while the gateway was down");
      try (GatewayProcess second = GatewayProcess.start(dir, "gateway-2", port, "", Map.of())) {
        String after =
            bob.awaitMatch(
                Pattern.compile(
                    "message #(\\d+) from " + ALICE + ": typed while the gateway was down"));

        List<Long> sent = sentIds(alice);
        assertThat(sent).containsExactly(Long.parseLong(before), Long.parseLong(after));
        assertThat(Long.parseLong(after)).isGreaterThan(Long.parseLong(before));
        assertThat(Long.parseLong(after)).isLessThan(1L << 53);
        alice.endInput();
        bob.endInput();
        assertThat(alice.exitStatus()).isZero();
        assertThat(bob.exitStatus()).isZero();
        assertThat(second.isAlive()).isTrue();
      }
    }
  }

  private static List<Long> sentIds(ChatProcess process) {
    return process.lines().stream()
        .map(SENT::matcher)
        .filter(Matcher::matches)
        .map(matcher -> Long.parseLong(matcher.group(1)))
        .toList();
  }
}
