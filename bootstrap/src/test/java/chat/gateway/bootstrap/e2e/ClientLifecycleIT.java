package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.client.CloseAdvice;
import chat.gateway.client.GatewayClient;
import chat.gateway.client.GatewayErrorException;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The client library's connection lifecycle against a real gateway: auth, heartbeat, close. */
class ClientLifecycleIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  @Test
  void aRefusedTokenFailsConnectWithTheGatewaysTextAndTellsTheListener() {
    RecordingListener listener = new RecordingListener();
    String expired =
        Tokens.hs256(
            GatewayFixture.SECRET,
            "61001",
            claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(3600))));
    try (GatewayFixture gateway = GatewayFixture.start();
        GatewayClient client =
            GatewayClient.builder(gateway.uri()).token(() -> expired).listener(listener).build()) {

      assertThat(client.connect())
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOfSatisfying(
              GatewayErrorException.class,
              error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.WS_AUTH_FAILED);
                assertThat(error.getMessage())
                    .startsWith("WS_AUTH_FAILED: ")
                    .containsIgnoringCase("expired");
              });
      assertThat(listener.errors)
          .extracting(ServerPayload.Error::code)
          .containsExactly(ErrorCode.WS_AUTH_FAILED);
      await().atMost(WAIT).until(() -> !listener.closes.isEmpty());
      assertThat(listener.closes.getFirst().code()).isEqualTo(CloseReason.AUTH_FAILED.code());
      assertThat(CloseAdvice.of(listener.closes.getFirst().code()))
          .isEqualTo(CloseAdvice.DO_NOT_RECONNECT);
      assertThat(client.state()).isEqualTo(GatewayClient.State.CLOSED);
    }
  }

  @Test
  void theHeartbeatKeepsAQuietClientConnectedPastTheGatewaysReadTimeout() throws Exception {
    try (GatewayFixture gateway =
        GatewayFixture.start(
            config ->
                GatewayFixture.withLimits(config, limits -> limits.readTimeout(READ_TIMEOUT)))) {
      RecordingListener pinging = new RecordingListener();
      RecordingListener silent = new RecordingListener();
      try (GatewayClient beating = client(gateway, 61002, Duration.ofMillis(200), pinging);
          GatewayClient quiet = client(gateway, 61003, Duration.ofSeconds(30), silent)) {
        beating.connect().get(10, TimeUnit.SECONDS);
        quiet.connect().get(10, TimeUnit.SECONDS);

        // The quiet one shows the read timeout is real; the pinging one outlives it twice over.
        await().atMost(WAIT).until(() -> !silent.closes.isEmpty());
        assertThat(silent.closes.getFirst().code()).isEqualTo(CloseReason.READ_TIMEOUT.code());
        assertThat(CloseAdvice.of(silent.closes.getFirst().code()))
            .isEqualTo(CloseAdvice.RECONNECT);
        await()
            .during(READ_TIMEOUT.multipliedBy(2))
            .atMost(READ_TIMEOUT.multipliedBy(4))
            .until(() -> beating.state() == GatewayClient.State.CONNECTED);
        assertThat(pinging.closes).isEmpty();
      }
    }
  }

  @Test
  void aGatewayShuttingDownClosesWith1001AndTheClientReportsItAsReconnectable() throws Exception {
    RecordingListener listener = new RecordingListener();
    GatewayFixture gateway = GatewayFixture.start();
    try (GatewayClient client =
        GatewayClient.builder(gateway.uri())
            .token(() -> gateway.token(61_005))
            .listener(listener)
            .build()) {
      client.connect().get(10, TimeUnit.SECONDS);

      gateway.close();

      await().atMost(WAIT).until(() -> !listener.closes.isEmpty());
      assertThat(listener.closes)
          .containsExactly(
              new RecordingListener.Close(
                  CloseReason.GOING_AWAY.code(), CloseReason.GOING_AWAY.description()));
      assertThat(CloseAdvice.of(listener.closes.getFirst().code()))
          .isEqualTo(CloseAdvice.RECONNECT);
      assertThat(client.state()).isEqualTo(GatewayClient.State.CLOSED);
      assertThat(client.send(1, "text", "too late")).isCompletedExceptionally();
    }
  }

  @Test
  void closeSaysGoodbyeAndEndsEveryThreadTheClientStarted() throws Exception {
    Set<String> selectorsBefore = httpClientThreads();
    RecordingListener listener = new RecordingListener();
    try (GatewayFixture gateway = GatewayFixture.start()) {
      GatewayClient client =
          GatewayClient.builder(gateway.uri())
              .token(() -> gateway.token(61004))
              .listener(listener)
              .threadName("closing-client")
              .build();
      client.connect().get(10, TimeUnit.SECONDS);
      client.sync(0).get(10, TimeUnit.SECONDS);
      assertThat(threadsNamed("closing-client")).isNotEmpty();

      client.close();

      assertThat(listener.closes)
          .containsExactly(new RecordingListener.Close(1000, "closed by client"));
      assertThat(client.state()).isEqualTo(GatewayClient.State.CLOSED);
      assertThat(client.connect()).isCompletedExceptionally();
      await().atMost(WAIT).until(() -> threadsNamed("closing-client").isEmpty());
      await().atMost(WAIT).until(() -> selectorsBefore.containsAll(httpClientThreads()));
      await().atMost(WAIT).until(() -> gateway.gateway().openConnections() == 0);
    }
  }

  private static GatewayClient client(
      GatewayFixture gateway, long user, Duration heartbeat, RecordingListener listener) {
    return GatewayClient.builder(gateway.uri())
        .token(() -> gateway.token(user))
        .heartbeatInterval(heartbeat)
        .listener(listener)
        .build();
  }

  private static Set<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .collect(Collectors.toSet());
  }

  /** The JDK HttpClient's own threads (its selector), which the client cannot name. */
  private static Set<String> httpClientThreads() {
    return threadsNamed("HttpClient-");
  }
}
