package chat.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The client against a scripted gateway: the heartbeat, its watchdog and the reconnect it causes,
 * the resend of an unacked message, token supplier failures, unknown frames.
 */
class GatewayClientTest {

  private static final UserId ME = UserId.of(7);

  /** {@code {type: 150, seq: 0, payload: bin(empty map)}}: a frame type from the future. */
  private static final byte[] UNKNOWN_TYPE = {
    (byte) 0x83,
    (byte) 0xa4,
    't',
    'y',
    'p',
    'e',
    (byte) 0xcc,
    (byte) 150,
    (byte) 0xa3,
    's',
    'e',
    'q',
    0,
    (byte) 0xa7,
    'p',
    'a',
    'y',
    'l',
    'o',
    'a',
    'd',
    (byte) 0xc4,
    1,
    (byte) 0x80
  };

  private static final ReconnectPolicy FAST =
      ReconnectPolicy.defaults().withDelays(Duration.ofMillis(20), Duration.ofMillis(100));

  private final Events events = new Events();

  @Test
  void onceConnectedItPingsEveryIntervalAndThePongsKeepItConnected() throws Exception {
    try (FakeGateway gateway = FakeGateway.start(answering(true));
        GatewayClient client =
            client(gateway, Duration.ofMillis(50), Duration.ofMillis(500)).build()) {
      assertThat(client.connect().get(5, TimeUnit.SECONDS)).isEqualTo(ME);

      for (int pings = 0; pings < 5; ) {
        ClientFrame frame = gateway.received.poll(5, TimeUnit.SECONDS);
        assertThat(frame).as("a frame within 5 s").isNotNull();
        pings += frame.payload() instanceof ClientPayload.Ping ? 1 : 0;
      }
      assertThat(client.state()).isEqualTo(GatewayClient.State.CONNECTED);
      assertThat(events.closes).isEmpty();
    }
  }

  @Test
  void withoutReconnectAGatewayThatFallsSilentIsDroppedAfterThePongTimeoutAndRequestsFail()
      throws Exception {
    try (FakeGateway gateway = FakeGateway.start(answering(false));
        GatewayClient client =
            client(gateway, Duration.ofMillis(50), Duration.ofMillis(300))
                .reconnect(false)
                .build()) {
      client.connect().get(5, TimeUnit.SECONDS);
      CompletableFuture<ServerPayload.ChatAck> unanswered = client.send(42, "text", "hello?");

      Close close = events.closes.poll(5, TimeUnit.SECONDS);

      assertThat(close).isNotNull();
      assertThat(close.code()).isEqualTo(CloseAdvice.ABNORMAL_CLOSURE);
      assertThat(close.reason()).contains("pong timeout");
      assertThat(CloseAdvice.of(close.code())).isEqualTo(CloseAdvice.RECONNECT);
      assertThatThrownBy(() -> unanswered.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(ConnectionClosedException.class)
          .hasMessageContaining("pong timeout");
      assertThat(client.state()).isEqualTo(GatewayClient.State.CLOSED);
      assertThat(events.reconnects).isEmpty();
      assertThat(gateway.connections()).isEqualTo(1);
    }
  }

  @Test
  void aGatewayThatStopsAnsweringPingsIsLeftForANewConnectionWhereTheUnackedSendGoesAgain()
      throws Exception {
    // The first connection accepts the token, then never answers again; the second is healthy.
    FakeGateway.Script script =
        (connection, frame) ->
            switch (frame.payload()) {
              case ClientPayload.Auth auth -> List.of(authOk(frame.seq()));
              case ClientPayload.Ping ping when connection > 1 -> List.of(pong(frame.seq()));
              case ClientPayload.Chat chat when connection > 1 ->
                  List.of(
                      FakeGateway.encode(
                          ServerFrame.reply(
                              frame.seq(),
                              new ServerPayload.ChatAck(
                                  MessageId.of(900), chat.clientMsgId(), Instant.EPOCH))));
              default -> List.of();
            };
    AtomicInteger tokens = new AtomicInteger();
    try (FakeGateway gateway = FakeGateway.start(script);
        GatewayClient client =
            client(gateway, Duration.ofMillis(50), Duration.ofMillis(300))
                .token(() -> "token-" + tokens.incrementAndGet())
                .reconnectPolicy(FAST)
                .build()) {
      client.connect().get(5, TimeUnit.SECONDS);
      CompletableFuture<ServerPayload.ChatAck> sent = client.send(42, "text", "hello?");

      assertThat(sent.get(10, TimeUnit.SECONDS).messageId()).isEqualTo(MessageId.of(900));

      Close close = events.closes.poll(5, TimeUnit.SECONDS);
      assertThat(close).isNotNull();
      assertThat(close.code()).isEqualTo(CloseAdvice.ABNORMAL_CLOSURE);
      assertThat(close.reason()).contains("pong timeout");
      assertThat(events.reconnects.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(client.state()).isEqualTo(GatewayClient.State.CONNECTED);
      assertThat(gateway.connections()).isEqualTo(2);
      // A fresh token for the new connection, and the same message twice: one per connection.
      List<FakeGateway.Received> frames = new ArrayList<>(gateway.log);
      assertThat(frames)
          .filteredOn(received -> received.frame().payload() instanceof ClientPayload.Auth)
          .extracting(received -> ((ClientPayload.Auth) received.frame().payload()).token())
          .containsExactly("token-1", "token-2");
      List<FakeGateway.Received> chats =
          frames.stream()
              .filter(received -> received.frame().payload() instanceof ClientPayload.Chat)
              .toList();
      assertThat(chats).extracting(FakeGateway.Received::connection).containsExactly(1, 2);
      assertThat(chats)
          .extracting(received -> ((ClientPayload.Chat) received.frame().payload()).clientMsgId())
          .containsOnly(sent.get().clientMsgId())
          .hasSize(2);
    }
  }

  @Test
  void aConnectionThatStayedUpLongEnoughResetsTheBackoffAndOneThatDidNotContinuesIt()
      throws Exception {
    assertThat(attemptsAfterThreeDrops(Duration.ofHours(1))).containsExactly(1, 2, 3);
    assertThat(attemptsAfterThreeDrops(Duration.ZERO)).containsExactly(1, 1, 1);
  }

  /** The attempt numbers reported after each of three drops of an authenticated connection. */
  private List<Integer> attemptsAfterThreeDrops(Duration stableAfter) throws Exception {
    Events seen = new Events();
    try (FakeGateway gateway = FakeGateway.start(answering(true));
        GatewayClient client =
            client(gateway, Duration.ofSeconds(30), Duration.ofSeconds(60))
                .listener(seen)
                .reconnectPolicy(FAST.withStableAfter(stableAfter))
                .build()) {
      client.connect().get(5, TimeUnit.SECONDS);
      List<Integer> attempts = new ArrayList<>();
      for (int drop = 1; drop <= 3; drop++) {
        int connection = drop;
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.connections() == connection);
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> client.state() == GatewayClient.State.CONNECTED);
        gateway.dropCurrent();
        Integer attempt = seen.reconnects.poll(5, TimeUnit.SECONDS);
        assertThat(attempt).as("a reconnect after drop %d", drop).isNotNull();
        attempts.add(attempt);
      }
      return attempts;
    }
  }

  @Test
  void withoutReconnectAGatewayThatNeverAnswersAuthFailsConnectAfterThePongTimeout()
      throws Exception {
    try (FakeGateway gateway = FakeGateway.start(frame -> List.of());
        GatewayClient client =
            client(gateway, Duration.ofMillis(50), Duration.ofMillis(300))
                .reconnect(false)
                .build()) {
      assertThatThrownBy(() -> client.connect().get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(ConnectionClosedException.class);
      assertThat(events.closes.poll(5, TimeUnit.SECONDS).reason()).contains("pong timeout");
    }
  }

  @Test
  void aTokenSupplierThatFailsEndsTheSessionWithItsReasonInsteadOfRetrying() throws Exception {
    try (FakeGateway gateway = FakeGateway.start(answering(true));
        GatewayClient client =
            client(gateway, Duration.ofSeconds(30), Duration.ofSeconds(60))
                .token(
                    () -> {
                      throw new IllegalStateException("the identity provider is down");
                    })
                .reconnectPolicy(FAST)
                .build()) {
      assertThatThrownBy(() -> client.connect().get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the identity provider is down");

      Close close = events.closes.poll(5, TimeUnit.SECONDS);
      assertThat(close).isNotNull();
      assertThat(close.reason()).contains("the identity provider is down");
      assertThat(client.state()).isEqualTo(GatewayClient.State.CLOSED);
      assertThat(events.reconnects).isEmpty();
      assertThat(gateway.connections()).isEqualTo(1);
    }
  }

  @Test
  void closeFailsTheSendsStillWaitingForTheirAck() throws Exception {
    try (FakeGateway gateway = FakeGateway.start(answering(true))) {
      GatewayClient client =
          client(gateway, Duration.ofSeconds(30), Duration.ofSeconds(60)).build();
      client.connect().get(5, TimeUnit.SECONDS);
      CompletableFuture<ServerPayload.ChatAck> unacked = client.send(42, "text", "never acked");
      assertThat(gateway.received.poll(5, TimeUnit.SECONDS))
          .extracting(ClientFrame::payload)
          .isInstanceOf(ClientPayload.Auth.class);
      assertThat(gateway.received.poll(5, TimeUnit.SECONDS))
          .extracting(ClientFrame::payload)
          .isInstanceOf(ClientPayload.Chat.class);

      client.close();

      assertThat(unacked)
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(ConnectionClosedException.class)
          .withMessageContaining("closed by client");
      assertThat(client.send(42, "text", "after close"))
          .failsWithin(Duration.ZERO)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aSyncTheGatewayNeverAnswersFailsAfterTheRequestTimeout() throws Exception {
    try (FakeGateway gateway = FakeGateway.start(answering(true));
        GatewayClient client =
            client(gateway, Duration.ofMillis(50), Duration.ofSeconds(60))
                .requestTimeout(Duration.ofMillis(200))
                .build()) {
      client.connect().get(5, TimeUnit.SECONDS);

      assertThat(client.sync(0))
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(TimeoutException.class);
      assertThat(client.state()).isEqualTo(GatewayClient.State.CONNECTED);
    }
  }

  @Test
  void aCatchUpSyncLeftUnansweredStillLetsTheHeldBackPushesThrough() throws Exception {
    Message pushed = messageToMe(5);
    // The second connection answers the catch-up's SyncReq with a push, and never with a page.
    FakeGateway.Script script =
        (connection, frame) ->
            switch (frame.payload()) {
              case ClientPayload.Auth auth -> List.of(authOk(frame.seq()));
              case ClientPayload.Ping ping -> List.of(pong(frame.seq()));
              case ClientPayload.SyncReq sync ->
                  List.of(FakeGateway.encode(ServerFrame.push(new ServerPayload.ChatPush(pushed))));
              default -> List.of();
            };
    try (FakeGateway gateway = FakeGateway.start(script);
        GatewayClient client =
            client(gateway, Duration.ofSeconds(30), Duration.ofSeconds(60))
                .reconnectPolicy(FAST)
                .requestTimeout(Duration.ofMillis(300))
                .build()) {
      client.connect().get(5, TimeUnit.SECONDS);

      gateway.dropCurrent();

      assertThat(events.messages.poll(5, TimeUnit.SECONDS)).isEqualTo(pushed);
      assertThat(gateway.connections()).isEqualTo(2);
    }
  }

  @Test
  void aReconnectGivesTheLastIdHeldAsResumePointSyncsFromItAndAcksThePageInOneFrame()
      throws Exception {
    FakeGateway.Script script =
        (connection, frame) ->
            switch (frame.payload()) {
              case ClientPayload.Auth auth when connection == 1 ->
                  List.of(
                      authOk(frame.seq()),
                      FakeGateway.encode(
                          ServerFrame.push(new ServerPayload.ChatPush(messageToMe(5)))));
              case ClientPayload.Auth auth -> List.of(authOk(frame.seq()));
              case ClientPayload.Ping ping -> List.of(pong(frame.seq()));
              case ClientPayload.SyncReq sync ->
                  List.of(
                      FakeGateway.encode(
                          ServerFrame.reply(
                              frame.seq(),
                              new ServerPayload.SyncRsp(
                                  List.of(messageToMe(6), messageToMe(7), messageToMe(8)),
                                  false))));
              default -> List.of();
            };
    try (FakeGateway gateway = FakeGateway.start(script);
        GatewayClient client =
            client(gateway, Duration.ofSeconds(30), Duration.ofSeconds(60))
                .reconnectPolicy(FAST)
                .build()) {
      client.connect().get(5, TimeUnit.SECONDS);
      assertThat(events.messages.poll(5, TimeUnit.SECONDS)).isEqualTo(messageToMe(5));
      List<FakeGateway.Received> first = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        first.add(gateway.log.poll(5, TimeUnit.SECONDS)); // the Auth, then the ack of 5
      }

      gateway.dropCurrent();
      for (long id = 6; id <= 8; id++) {
        assertThat(events.messages.poll(5, TimeUnit.SECONDS)).isEqualTo(messageToMe(id));
      }
      List<ClientPayload> second = new ArrayList<>();
      while (second.stream().noneMatch(ClientPayload.Ack.class::isInstance)) {
        FakeGateway.Received next = gateway.log.poll(5, TimeUnit.SECONDS);
        assertThat(next).as("the ack of the synced page").isNotNull();
        if (next.connection() == 2 && !(next.frame().payload() instanceof ClientPayload.Ping)) {
          second.add(next.frame().payload());
        }
      }

      assertThat(first)
          .extracting(received -> received.frame().payload())
          .containsExactly(new ClientPayload.Auth("token"), new ClientPayload.Ack(5, "delivered"));
      assertThat(second)
          .containsExactly(
              new ClientPayload.Auth("token", 5),
              new ClientPayload.SyncReq(5, 0),
              new ClientPayload.Ack(6, "delivered", List.of(7L, 8L)));
      assertThat(client.repeatsDropped()).isZero();
    }
  }

  @Test
  void closeCalledFromTheClientsOwnCallbackStillSaysGoodbyeAndFailsWhatWaits() throws Exception {
    // The gateway answers a Chat with a push instead of its ack; the listener closes on it.
    FakeGateway.Script script =
        (connection, frame) ->
            switch (frame.payload()) {
              case ClientPayload.Auth auth -> List.of(authOk(frame.seq()));
              case ClientPayload.Chat chat ->
                  List.of(
                      FakeGateway.encode(
                          ServerFrame.push(new ServerPayload.ChatPush(messageToMe(6)))));
              default -> List.of();
            };
    AtomicReference<GatewayClient> holder = new AtomicReference<>();
    ClientListener closing =
        new ClientListener() {
          @Override
          public void onMessage(Message message) {
            holder.get().close();
          }

          @Override
          public void onClosed(int code, String reason) {
            events.onClosed(code, reason);
          }
        };
    try (FakeGateway gateway = FakeGateway.start(script)) {
      GatewayClient client =
          client(gateway, Duration.ofSeconds(30), Duration.ofSeconds(60)).listener(closing).build();
      holder.set(client);
      client.connect().get(5, TimeUnit.SECONDS);

      CompletableFuture<ServerPayload.ChatAck> unacked = client.send(42, "text", "never acked");

      assertThat(events.closes.poll(5, TimeUnit.SECONDS))
          .isEqualTo(new Close(1000, "closed by client"));
      assertThat(unacked)
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(ConnectionClosedException.class);
      assertThat(client.state()).isEqualTo(GatewayClient.State.CLOSED);
    }
  }

  @Test
  void framesOfTypesThisClientDoesNotKnowAreSkipped() throws Exception {
    Function<ClientFrame, List<byte[]>> script =
        frame ->
            frame.payload() instanceof ClientPayload.Auth
                ? List.of(UNKNOWN_TYPE, authOk(frame.seq()))
                : List.of();
    try (FakeGateway gateway = FakeGateway.start(script);
        GatewayClient client =
            client(gateway, Duration.ofSeconds(30), Duration.ofSeconds(60)).build()) {
      assertThat(client.connect().get(5, TimeUnit.SECONDS)).isEqualTo(ME);
    }
  }

  @Test
  void requestsBeforeConnectingFailAtOnce() {
    try (GatewayClient client =
        GatewayClient.builder(java.net.URI.create("ws://127.0.0.1:9/ws"))
            .token(() -> "t")
            .build()) {
      assertThat(client.send(42, "text", "too early"))
          .failsWithin(Duration.ZERO)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(IllegalStateException.class)
          .withMessageContaining("not connected");
    }
  }

  private GatewayClientBuilder client(
      FakeGateway gateway, Duration interval, Duration pongTimeout) {
    return GatewayClient.builder(gateway.uri())
        .token(() -> "token")
        .heartbeatInterval(interval)
        .pongTimeout(pongTimeout)
        .listener(events);
  }

  /** Accepts Auth; answers Pings when {@code pongs}; ignores the rest. */
  private static Function<ClientFrame, List<byte[]>> answering(boolean pongs) {
    return frame ->
        switch (frame.payload()) {
          case ClientPayload.Auth auth -> List.of(authOk(frame.seq()));
          case ClientPayload.Ping ping when pongs -> List.of(pong(frame.seq()));
          default -> List.of();
        };
  }

  private static byte[] authOk(long seq) {
    return FakeGateway.encode(ServerFrame.reply(seq, ServerPayload.AuthRsp.ok(ME)));
  }

  private static Message messageToMe(long id) {
    return new Message(
        MessageId.of(id),
        UserId.of(42),
        ME,
        ContentType.TEXT,
        "message " + id,
        Instant.EPOCH,
        DeliveryStatus.SENT,
        Optional.empty());
  }

  private static byte[] pong(long seq) {
    return FakeGateway.encode(ServerFrame.reply(seq, new ServerPayload.Pong()));
  }

  private record Close(int code, String reason) {}

  private static final class Events implements ClientListener {
    final BlockingQueue<Close> closes = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> reconnects = new LinkedBlockingQueue<>();
    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

    @Override
    public void onMessage(Message message) {
      messages.add(message);
    }

    @Override
    public void onClosed(int code, String reason) {
      closes.add(new Close(code, reason));
    }

    @Override
    public void onReconnecting(int attempt, Duration delay) {
      reconnects.add(attempt);
    }
  }
}
