package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.adapters.auth.JwtMinter;
import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log of the packaged gateway at DEBUG, in the JSON format: every line is a JSON object with
 * the connection and user as fields, and no token, message content or secret is ever in it.
 */
class LogsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "body-nobody-may-log-" + UUID.randomUUID();
  private static final String ADMIN_TOKEN = "admin-token-nobody-may-log-" + UUID.randomUUID();
  private static final String OTHER_SECRET =
      "another-secret-of-more-than-32-bytes-" + UUID.randomUUID();

  @TempDir Path dir;

  @Test
  void aWholeSessionLogsJsonLinesWithItsIdsAndNoTokenContentOrSecret() throws Exception {
    String log;
    String printed;
    List<String> secrets;
    try (GatewayProcess gateway =
        GatewayProcess.start(
            dir,
            "logs",
            0,
            "",
            Map.of(
                "GATEWAY_LOG_LEVEL", "DEBUG",
                "GATEWAY_LOG_FORMAT", "json",
                "GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN))) {
      String aliceToken = gateway.token(1);
      String bobToken = gateway.token(2);
      String badToken =
          new JwtMinter(JwtSettings.sharedSecret(OTHER_SECRET))
              .mint(UserId.of(3), Duration.ofHours(1));
      secrets =
          List.of(
              aliceToken,
              signature(aliceToken),
              bobToken,
              badToken,
              signature(badToken),
              GatewayFixture.SECRET,
              OTHER_SECRET,
              ADMIN_TOKEN,
              BODY);
      try (TestClient alice = TestClient.connect(gateway.uri());
          TestClient bob = TestClient.connect(gateway.uri());
          TestClient mallory = TestClient.connect(gateway.uri())) {
        assertThat(alice.auth(aliceToken).success()).isTrue();
        assertThat(bob.auth(bobToken).success()).isTrue();
        alice.send(new ClientPayload.Chat(2, "text", BODY, Optional.of("c-1")));
        alice.await(FrameType.CHAT_ACK);
        MessageId id = Frames.message(bob.await(FrameType.CHAT_PUSH)).id();
        bob.send(new ClientPayload.Ack(id.value(), "read"));
        alice.await(FrameType.RECEIPT_PUSH);
        alice.send(new ClientPayload.Presence("away"));
        bob.await(aliceAway(), "alice away");
        assertThat(mallory.auth(badToken).success()).isFalse();
        assertThat(mallory.awaitClose()).isEqualTo(1008);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> gateway.log().split("socket closed", -1).length - 1 >= 3);
      log = gateway.log();
      printed = gateway.output();
    }

    List<JsonNode> lines =
        log.lines()
            // The java launcher's own note, printed before the gateway starts.
            .filter(line -> !line.isBlank() && !line.startsWith("NOTE: Picked up JDK_JAVA_OPTIONS"))
            .map(LogsIT::parse)
            .toList();
    assertThat(lines)
        .allSatisfy(
            line ->
                assertThat(line.fieldNames())
                    .toIterable()
                    .contains("timestamp", "level", "loggerName", "formattedMessage"));
    assertThat(lines)
        .as("a DEBUG line of alice's connection, with both ids as fields")
        .anySatisfy(
            line -> {
              assertThat(line.path("level").asText()).isEqualTo("DEBUG");
              assertThat(line.path("mdc").path("user").asText()).isEqualTo("1");
              assertThat(line.path("mdc").path("connection").asText()).isNotBlank();
            });
    assertThat(lines)
        .as("the refused token, once, with what to do")
        .filteredOn(line -> line.path("formattedMessage").asText().startsWith("auth refused"))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.path("level").asText()).isEqualTo("WARN");
              assertThat(line.path("formattedMessage").asText())
                  .contains("signature invalid", "GATEWAY_JWT_SECRET");
            });
    assertThat(printed).as("what the gateway printed and logged").doesNotContain(secrets);
  }

  @Test
  void theTextFormatPutsAConnectionsIdsInBracketsBeforeTheMessage() throws Exception {
    try (GatewayProcess gateway =
        GatewayProcess.start(dir, "text", 0, "", Map.of("GATEWAY_LOG_LEVEL", "DEBUG"))) {
      try (TestClient alice = gateway.login(1)) {
        alice.roundTrip();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> gateway.log().contains("socket closed"));

      assertThat(gateway.log().lines())
          .anyMatch(
              line ->
                  line.matches(
                      "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG ConnectionSession"
                          + " \\[(user=1, connection=\\S+|connection=\\S+, user=1)\\]"
                          + " - authenticated"))
          .anyMatch(line -> line.matches(".* INFO  WebSocketServer - listening on .*"));
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }

  private static String signature(String token) {
    return token.substring(token.lastIndexOf('.') + 1);
  }

  private static Predicate<ServerFrame> aliceAway() {
    return frame ->
        frame.payload() instanceof ServerPayload.PresencePush push
            && push.userId().equals(UserId.of(1))
            && push.status() == PresenceStatus.AWAY;
  }
}
