package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connect, disconnect, Ping/Pong, and the auth and read timeouts (shortened for the test). */
class HeartbeatIT {

  private static final Duration AUTH_TIMEOUT = Duration.ofMillis(500);
  private static final Duration READ_TIMEOUT = Duration.ofMillis(800);

  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway =
        GatewayFixture.start(
            config ->
                GatewayFixture.withLimits(
                    config, l -> l.authTimeout(AUTH_TIMEOUT).readTimeout(READ_TIMEOUT)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aPingIsAnsweredAtOnceWithAPongCarryingItsSeq() {
    try (TestClient client = gateway.login(2001)) {
      for (int i = 0; i < 3; i++) {
        long seq = client.send(new ClientPayload.Ping());
        ServerFrame pong = client.await(FrameType.PONG);
        assertThat(pong.seq()).isEqualTo(seq);
        assertThat(pong.payload()).isEqualTo(new ServerPayload.Pong());
      }
    }
  }

  @Test
  void aClientThatSaysNothingAfterAuthIsClosedAfterTheReadTimeout() {
    try (TestClient client = gateway.login(2002)) {
      long started = System.nanoTime();
      assertThat(client.awaitClose()).isEqualTo(CloseReason.READ_TIMEOUT.code());
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(READ_TIMEOUT.minusMillis(100));
    }
  }

  @Test
  void aClientThatPingsStaysConnectedPastTheReadTimeout() throws InterruptedException {
    try (TestClient client = gateway.login(2003)) {
      long until = System.nanoTime() + READ_TIMEOUT.multipliedBy(3).toNanos();
      while (System.nanoTime() < until) {
        client.send(new ClientPayload.Ping());
        client.await(FrameType.PONG);
        Thread.sleep(READ_TIMEOUT.dividedBy(4));
      }
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void aSocketThatNeverAuthenticatesIsClosedAfterTheAuthTimeout() {
    try (TestClient client = gateway.connect()) {
      assertThat(client.awaitClose()).isEqualTo(CloseReason.AUTH_TIMEOUT.code());
    }
  }

  @Test
  void aClosedOrDroppedConnectionIsForgotten() {
    int before = gateway.gateway().openConnections();
    TestClient polite = gateway.login(2004);
    TestClient dropped = gateway.login(2005);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> gateway.gateway().openConnections() >= before + 2);
    polite.close();
    dropped.abort();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> gateway.gateway().openConnections() <= before);
  }
}
