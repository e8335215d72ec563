package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.application.usecase.LogCapture.Line;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.Error;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events that come in bursts log one line with what to do, not one per connection, and never a
 * stack trace per request (docs/operations.md, "Logs").
 */
class LogLinesTest {

  private static final String SESSION = "chat.gateway.application.session.ConnectionSession";
  private static final String REQUESTS = "chat.gateway.application.session.RequestHandler";
  private static final String LOGIN_PUSH = "chat.gateway.application.session.LoginPush";
  private static final String OUTAGES = "chat.gateway.application.service.Outages";

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final TestGateway gateway = TestGateway.with().clock(clock).start();

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void fiftyRefusedTokensAreOneLineWithWhatToDoAndTheNextAfterAMinuteCountsTheRest() {
    try (LogCapture log = LogCapture.of(SESSION)) {
      for (int i = 0; i < 50; i++) {
        refuseAToken();
      }

      assertThat(log.atLeast(Level.INFO))
          .singleElement()
          .satisfies(
              line -> {
                assertThat(line.level()).isEqualTo(Level.WARNING);
                assertThat(line.message())
                    .startsWith("auth refused: signature invalid (connection ")
                    .contains("GATEWAY_JWT_SECRET");
                assertThat(line.stackTrace()).isFalse();
              });

      clock.advance(Duration.ofSeconds(61));
      refuseAToken();

      assertThat(log.atLeast(Level.INFO)).hasSize(2);
      assertThat(log.atLeast(Level.INFO).get(1).message())
          .startsWith("auth refused: signature invalid, 50 more in the last 61 s; check ")
          .contains("GATEWAY_JWT_SECRET");
    }
  }

  @Test
  void evictionsOfAUsersOldestConnectionsAreOneLineWithWhatToDo() {
    UserId alice = UserId.of(1);
    try (LogCapture log = LogCapture.of(SESSION)) {
      List<TestClient> clients =
          IntStream.range(0, 13).mapToObj(i -> gateway.login(alice)).toList();

      for (TestClient evicted : clients.subList(0, 10)) {
        assertThat(evicted.awaitClose()).isEqualTo(CloseReason.REPLACED);
      }
      assertThat(log.atLeast(Level.INFO))
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line.message())
                      .startsWith("closed: 4409 replaced by a newer connection (connection ")
                      .contains("GATEWAY_MAX_CONNECTIONS_PER_USER (3)"));
    }
  }

  @Test
  void aStoreOutageUnderTwentyRequestsIsOneLineWhenItStartsAndOneWhenItEnds() {
    TestClient sender = gateway.login(UserId.of(1));
    UserId bob = UserId.of(2);
    gateway.login(bob);
    try (LogCapture log = LogCapture.of(SESSION, REQUESTS, LOGIN_PUSH, OUTAGES)) {
      gateway.reachableStore.down(true);
      for (int i = 0; i < 20; i++) {
        long seq = sender.chat(bob, "lost " + i);
        assertThat(sender.awaitReply(seq, Error.class).code())
            .isEqualTo(ErrorCode.WS_INTERNAL_ERROR);
      }

      assertThat(log.atLeast(Level.INFO))
          .singleElement()
          .satisfies(
              line -> {
                assertThat(line.level()).isEqualTo(Level.WARNING);
                assertThat(line.message())
                    .startsWith("the message store failed (")
                    .contains("GATEWAY_DB_URL");
                assertThat(line.stackTrace()).isFalse();
              });

      gateway.reachableStore.down(false);
      sender.awaitReply(sender.chat(bob, "back"), ChatAck.class);

      // Logged once the request is done, a moment after its answer.
      await().until(() -> log.atLeast(Level.INFO).size() > 1);
      assertThat(log.atLeast(Level.INFO))
          .extracting(Line::message)
          .hasSize(2)
          .last()
          .isEqualTo("the message store works again");
    }
  }

  private void refuseAToken() {
    TestClient client = gateway.open();
    client.send(new ClientPayload.Auth("forged"));
    assertThat(client.awaitClose()).isEqualTo(CloseReason.AUTH_FAILED);
  }
}
