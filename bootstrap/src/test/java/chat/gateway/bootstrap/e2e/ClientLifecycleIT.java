package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.bootstrap.GatewayConfig;
import chat.gateway.client.CloseAdvice;
import chat.gateway.client.GatewayClient;
import chat.gateway.client.GatewayErrorException;
import chat.gateway.client.ReconnectPolicy;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The client library's connection lifecycle against a real gateway: auth and token refresh,
 * heartbeat, reconnect to a restarted gateway, close.
 */
class ClientLifecycleIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MAX_DELAY = Duration.ofMillis(300);
  private static final ReconnectPolicy FAST =
      ReconnectPolicy.defaults().withDelays(Duration.ofMillis(50), MAX_DELAY);

  @Test
  void aRefusedTokenFailsConnectWithTheGatewaysTextAndTellsTheListener() {
    RecordingListener listener = new RecordingListener();
    String expired =
        Tokens.hs256(
            GatewayFixture.SECRET,
            "61001",
            claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(3600))));
    AtomicInteger asked = new AtomicInteger();
    try (GatewayFixture gateway = GatewayFixture.start();
        GatewayClient client =
            GatewayClient.builder(gateway.uri())
                .token(
                    () -> {
                      asked.incrementAndGet();
                      return expired;
                    })
                .reconnectPolicy(FAST)
                .listener(listener)
                .build()) {

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
      assertThat(listener.reconnects).as("a refused token is not tried again").isEmpty();
      assertThat(asked).hasValue(1);
    }
  }

  @Test
  void anExpiredTokenAtAReconnectEndsTheSessionWithAClearErrorInsteadOfALoop() throws Exception {
    RecordingListener listener = new RecordingListener();
    AtomicInteger asked = new AtomicInteger();
    try (GatewayFixture gateway = GatewayFixture.start();
        CuttingProxy proxy = CuttingProxy.to(gateway.gateway().port());
        // The first token is good; the "refresh" hands out one that expired an hour ago.
        GatewayClient client =
            throughProxy(
                proxy,
                () -> asked.incrementAndGet() == 1 ? gateway.token(61_006) : expired(61_006),
                listener)) {
      client.connect().get(10, TimeUnit.SECONDS);

      proxy.cutAll();

      await().atMost(WAIT).until(() -> listener.states.getLast() == GatewayClient.State.CLOSED);
      assertThat(listener.errors)
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.WS_AUTH_FAILED);
                assertThat(error.message()).containsIgnoringCase("expired");
              });
      assertThat(listener.closes.getLast().code()).isEqualTo(CloseReason.AUTH_FAILED.code());
      assertThat(listener.reconnects)
          .extracting(RecordingListener.Reconnect::attempt)
          .containsExactly(1);
      assertThat(client.send(1, "text", "after the end")).isCompletedExceptionally();
      // No loop: nothing tries again, however long one waits.
      await()
          .during(MAX_DELAY.multipliedBy(3))
          .atMost(WAIT)
          .until(() -> proxy.accepted() == 2 && asked.get() == 2);
    }
  }

  @Test
  void theTokenSupplierIsAskedAgainForEachConnection() throws Exception {
    RecordingListener listener = new RecordingListener();
    AtomicInteger asked = new AtomicInteger();
    try (GatewayFixture gateway = GatewayFixture.start();
        CuttingProxy proxy = CuttingProxy.to(gateway.gateway().port());
        GatewayClient client =
            throughProxy(
                proxy,
                () -> {
                  asked.incrementAndGet();
                  return gateway.token(61_007);
                },
                listener)) {
      client.connect().get(10, TimeUnit.SECONDS);

      for (int cut = 1; cut <= 3; cut++) {
        int connectedBefore = connections(listener);
        proxy.cutAll();
        await().atMost(WAIT).until(() -> connections(listener) > connectedBefore);
      }

      assertThat(asked).hasValue(4);
      assertThat(client.state()).isEqualTo(GatewayClient.State.CONNECTED);
      assertThat(listener.errors).isEmpty();
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
  void aGatewayStoppedAndStartedAgainIsRejoinedAndAMessageSentMeanwhileGoesThrough()
      throws Exception {
    RecordingListener listener = new RecordingListener();
    AtomicInteger asked = new AtomicInteger();
    GatewayFixture first = GatewayFixture.start();
    int port = first.gateway().port();
    try (GatewayClient client =
        GatewayClient.builder(first.uri())
            .token(
                () -> {
                  asked.incrementAndGet();
                  // Both gateways share the test secret, so either accepts it.
                  return first.token(61_005);
                })
            .reconnectPolicy(FAST)
            .listener(listener)
            .build()) {
      client.connect().get(10, TimeUnit.SECONDS);

      first.close();

      await().atMost(WAIT).until(() -> !listener.reconnects.isEmpty());
      assertThat(listener.closes.getFirst())
          .isEqualTo(
              new RecordingListener.Close(
                  CloseReason.GOING_AWAY.code(), CloseReason.GOING_AWAY.description()));
      assertThat(CloseAdvice.of(listener.closes.getFirst().code()))
          .isEqualTo(CloseAdvice.RECONNECT);
      CompletableFuture<ServerPayload.ChatAck> meanwhile =
          client.send(61_008, "text", "sent while the gateway was down");
      assertThat(meanwhile).isNotDone();

      try (GatewayFixture second =
          GatewayFixture.start(
              config ->
                  GatewayFixture.withServer(
                      config,
                      new GatewayConfig.Server(
                          "127.0.0.1", port, Optional.empty(), Set.of(), 2)))) {
        ServerPayload.ChatAck ack = meanwhile.get(20, TimeUnit.SECONDS);

        assertThat(ack.messageId().value()).isPositive();
        assertThat(client.state()).isEqualTo(GatewayClient.State.CONNECTED);
        assertThat(asked.get()).isGreaterThanOrEqualTo(2);
        assertThat(listener.reconnects)
            .extracting(RecordingListener.Reconnect::attempt)
            .startsWith(1, 2);
        assertThat(second.gateway().openConnections()).isEqualTo(1);
      }
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
      assertThat(Threads.named("closing-client")).isNotEmpty();

      client.close();

      assertThat(listener.closes)
          .containsExactly(new RecordingListener.Close(1000, "closed by client"));
      assertThat(client.state()).isEqualTo(GatewayClient.State.CLOSED);
      assertThat(client.connect()).isCompletedExceptionally();
      await().atMost(WAIT).until(() -> Threads.named("closing-client").isEmpty());
      await().atMost(WAIT).until(() -> selectorsBefore.containsAll(httpClientThreads()));
      await().atMost(WAIT).until(() -> gateway.gateway().openConnections() == 0);
    }
  }

  /** A client behind {@code proxy}, quick to notice a cut and to reconnect. */
  private static GatewayClient throughProxy(
      CuttingProxy proxy, Supplier<String> tokens, RecordingListener listener) {
    return GatewayClient.builder(proxy.uri())
        .token(tokens)
        .heartbeatInterval(Duration.ofMillis(200))
        .pongTimeout(Duration.ofSeconds(1))
        .reconnectPolicy(FAST)
        .listener(listener)
        .build();
  }

  private static String expired(long user) {
    return Tokens.hs256(
        GatewayFixture.SECRET,
        Long.toString(user),
        claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(3600))));
  }

  /** How often the client got connected so far. */
  private static int connections(RecordingListener listener) {
    return (int)
        listener.states.stream().filter(state -> state == GatewayClient.State.CONNECTED).count();
  }

  private static GatewayClient client(
      GatewayFixture gateway, long user, Duration heartbeat, RecordingListener listener) {
    return GatewayClient.builder(gateway.uri())
        .token(() -> gateway.token(user))
        .heartbeatInterval(heartbeat)
        .listener(listener)
        .build();
  }

  /** The JDK HttpClient's own threads (its selector), which the client cannot name. */
  private static Set<String> httpClientThreads() {
    return Threads.named("HttpClient-");
  }
}
