package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final TestGateway gateway =
      TestGateway.with()
          .limits(
              limits ->
                  limits.authTimeout(Duration.ofMillis(200)).readTimeout(Duration.ofMillis(400)))
          .start();

  private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    keepAlive.shutdownNow();
    gateway.close();
  }

  @Test
  void aSocketThatDoesNotAuthenticateInTimeIsClosed() {
    TestClient client = gateway.open();

    assertThat(client.awaitClose()).isEqualTo(CloseReason.AUTH_TIMEOUT);
    assertThat(client.frames()).isEmpty();
    TestClient.eventually().until(() -> gateway.core.openSockets() == 0);
  }

  @Test
  void aSilentClientIsClosedAfterTheReadTimeoutAndGoesOffline() {
    TestClient talker = gateway.authenticate(alice, RecordingTransport.unbounded());
    keepAlive.scheduleAtFixedRate(
        () -> talker.send(new ClientPayload.Ping()), 50, 50, TimeUnit.MILLISECONDS);
    TestClient silent = gateway.authenticate(bob, RecordingTransport.unbounded());

    assertThat(silent.awaitClose()).isEqualTo(CloseReason.READ_TIMEOUT);
    assertThat(
            talker.awaitPush(PresencePush.class, push -> push.status() == PresenceStatus.OFFLINE))
        .isEqualTo(new PresencePush(bob, PresenceStatus.OFFLINE));
    assertThat(gateway.core.registry().connectionsOf(bob)).isEmpty();
    assertThat(talker.isOpen()).isTrue();
  }
}
