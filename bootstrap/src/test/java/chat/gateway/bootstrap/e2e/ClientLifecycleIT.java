package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.application.session.GatewayCoreBuilder.AudienceMode;
import chat.gateway.bootstrap.GatewayConfig;
import chat.gateway.client.CloseAdvice;
import chat.gateway.client.GatewayClient;
import chat.gateway.client.GatewayErrorException;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
                .reconnectPolicy(QuickReconnect.POLICY)
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
          .during(QuickReconnect.MAX.multipliedBy(3))
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
  void afterAReconnectThePresenceStatusAndTheWatchListAreSetAgain() throws Exception {
    long alice = 61_010;
    long bob = 61_011;
    long carol = 61_012;
    RecordingListener seenByAlice = new RecordingListener();
    RecordingListener seenByBob = new RecordingListener();
    RecordingListener seenByCarol = new RecordingListener();
    // Subscribed: only a watch list brings news, so a forgotten one would be noticed.
    try (GatewayFixture gateway =
            GatewayFixture.start(
                config -> GatewayFixture.withAudience(config, AudienceMode.SUBSCRIBED));
        CuttingProxy proxy = CuttingProxy.to(gateway.gateway().port());
        GatewayClient a = throughProxy(proxy, () -> gateway.token(alice), seenByAlice);
        GatewayClient b =
            GatewayClient.builder(gateway.uri())
                .token(() -> gateway.token(bob))
                .listener(seenByBob)
                .build();
        GatewayClient c =
            GatewayClient.builder(gateway.uri())
                .token(() -> gateway.token(carol))
                .listener(seenByCarol)
                .build()) {
      a.connect().get(10, TimeUnit.SECONDS);
      b.connect().get(10, TimeUnit.SECONDS);
      c.connect().get(10, TimeUnit.SECONDS);
      c.watchPresence(List.of(UserId.of(alice))).get(10, TimeUnit.SECONDS);
      a.watchPresence(List.of(UserId.of(bob))).get(10, TimeUnit.SECONDS);
      a.setPresence(PresenceStatus.AWAY).get(10, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> lastStatusOf(seenByCarol, alice) == PresenceStatus.AWAY);

      proxy.cutAll();
      await().atMost(WAIT).until(() -> connections(seenByAlice) == 2);

      // Carol saw Alice go offline and come back, and then away again, without Alice asking. When
      // the gateway registers the new connection before it notices the old one is gone, Alice
      // never looked offline and her chosen status held: Carol then hears nothing new. An online
      // followed at once by away may reach Carol as the away alone: a newer status replaces one
      // still waiting in her send queue, so the onlines are left out of the comparison.
      List<PresenceStatus> whileConnected = List.of(PresenceStatus.AWAY);
      List<PresenceStatus> throughAGap =
          List.of(PresenceStatus.AWAY, PresenceStatus.OFFLINE, PresenceStatus.AWAY);
      await()
          .pollDelay(Duration.ofMillis(500))
          .atMost(WAIT)
          .until(
              () -> {
                List<PresenceStatus> seen =
                    seenByCarol.presence.stream()
                        .map(ServerPayload.PresencePush::status)
                        .filter(status -> status != PresenceStatus.ONLINE)
                        .toList();
                return seen.equals(throughAGap) || seen.equals(whileConnected);
              });
      // Alice's new connection watches Bob again.
      int before = seenByAlice.presence.size();
      b.setPresence(PresenceStatus.AWAY).get(10, TimeUnit.SECONDS);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  seenByAlice.presence.subList(before, seenByAlice.presence.size()).stream()
                      .anyMatch(
                          push ->
                              push.userId().equals(UserId.of(bob))
                                  && push.status() == PresenceStatus.AWAY));
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
            .reconnectPolicy(QuickReconnect.POLICY)
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
    return QuickReconnect.client(proxy.uri(), tokens, listener).build();
  }

  private static String expired(long user) {
    return Tokens.hs256(
        GatewayFixture.SECRET,
        Long.toString(user),
        claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(3600))));
  }

  private static PresenceStatus lastStatusOf(RecordingListener listener, long user) {
    return listener.presence.stream()
        .filter(push -> push.userId().equals(UserId.of(user)))
        .map(ServerPayload.PresencePush::status)
        .reduce((first, second) -> second)
        .orElse(null);
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
