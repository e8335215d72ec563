package chat.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The client against a scripted gateway: the heartbeat, its watchdog, unknown frames. */
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

  private final Closes closes = new Closes();

  @Test
  void onceConnectedItPingsEveryIntervalAndThePongsKeepItConnected() throws Exception {
    try (FakeGateway gateway = FakeGateway.start(answering(true));
        GatewayClient client = client(gateway, Duration.ofMillis(50), Duration.ofMillis(500))) {
      assertThat(client.connect().get(5, TimeUnit.SECONDS)).isEqualTo(ME);

      for (int pings = 0; pings < 5; ) {
        ClientFrame frame = gateway.received.poll(5, TimeUnit.SECONDS);
        assertThat(frame).as("a frame within 5 s").isNotNull();
        pings += frame.payload() instanceof ClientPayload.Ping ? 1 : 0;
      }
      assertThat(client.state()).isEqualTo(GatewayClient.State.CONNECTED);
      assertThat(closes.first).isNotDone();
    }
  }

  @Test
  void aGatewayThatFallsSilentIsDroppedAfterThePongTimeoutAndItsRequestsFail() throws Exception {
    try (FakeGateway gateway = FakeGateway.start(answering(false));
        GatewayClient client = client(gateway, Duration.ofMillis(50), Duration.ofMillis(300))) {
      client.connect().get(5, TimeUnit.SECONDS);
      CompletableFuture<ServerPayload.ChatAck> unanswered = client.send(42, "text", "hello?");

      Close close = closes.first.get(5, TimeUnit.SECONDS);

      assertThat(close.code()).isEqualTo(CloseAdvice.ABNORMAL_CLOSURE);
      assertThat(close.reason()).contains("pong timeout");
      assertThat(CloseAdvice.of(close.code())).isEqualTo(CloseAdvice.RECONNECT);
      assertThat(client.state()).isEqualTo(GatewayClient.State.CLOSED);
      assertThatThrownBy(() -> unanswered.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(ConnectionClosedException.class)
          .hasMessageContaining("pong timeout");
    }
  }

  @Test
  void aGatewayThatNeverAnswersAuthFailsConnectAfterThePongTimeout() throws Exception {
    try (FakeGateway gateway = FakeGateway.start(frame -> List.of());
        GatewayClient client = client(gateway, Duration.ofMillis(50), Duration.ofMillis(300))) {
      assertThatThrownBy(() -> client.connect().get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(ConnectionClosedException.class);
      assertThat(closes.first.get(5, TimeUnit.SECONDS).reason()).contains("pong timeout");
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
        GatewayClient client = client(gateway, Duration.ofSeconds(30), Duration.ofSeconds(60))) {
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

  private GatewayClient client(FakeGateway gateway, Duration interval, Duration pongTimeout) {
    return GatewayClient.builder(gateway.uri())
        .token(() -> "token")
        .heartbeatInterval(interval)
        .pongTimeout(pongTimeout)
        .listener(closes)
        .build();
  }

  /** Accepts Auth; answers Pings when {@code pongs}; ignores the rest. */
  private static Function<ClientFrame, List<byte[]>> answering(boolean pongs) {
    return frame ->
        switch (frame.payload()) {
          case ClientPayload.Auth auth -> List.of(authOk(frame.seq()));
          case ClientPayload.Ping ping when pongs ->
              List.of(FakeGateway.encode(ServerFrame.reply(frame.seq(), new ServerPayload.Pong())));
          default -> List.of();
        };
  }

  private static byte[] authOk(long seq) {
    return FakeGateway.encode(ServerFrame.reply(seq, ServerPayload.AuthRsp.ok(ME)));
  }

  private record Close(int code, String reason) {}

  private static final class Closes implements ClientListener {
    final CompletableFuture<Close> first = new CompletableFuture<>();

    @Override
    public void onClosed(int code, String reason) {
      first.complete(new Close(code, reason));
    }
  }
}
