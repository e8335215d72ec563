package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.client.GatewayClient;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Limits;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Receipts and the rate limit: a client that acks what it is sent, as the client library does by
 * itself, must not spend its own rate limit on those Acks; a client that floods Acks beyond what it
 * was sent is still refused and closed.
 */
class ReceiptRateLimitIT {

  /** One token a second, 20 at once: a burst of 45 Acks would empty it twice over. */
  private static final Limits.RateLimit TIGHT = new Limits.RateLimit(1, 20);

  private static final int SENDERS = 3;
  private static final int PER_SENDER = 15;
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aClientAutoAckingABurstItReceivedStillHasItsWholeRateLimitForItsOwnChats() throws Exception {
    long bob = 73_001;
    try (GatewayFixture gateway =
        GatewayFixture.start(
            config -> GatewayFixture.withLimits(config, l -> l.rateLimit(TIGHT)))) {
      RecordingListener listener = new RecordingListener();
      try (GatewayClient client =
          GatewayClient.builder(gateway.uri())
              .token(() -> gateway.token(bob))
              .listener(listener)
              .reconnect(false)
              .build()) {
        client.connect().get(10, TimeUnit.SECONDS);
        List<TestClient> senders = new ArrayList<>();
        try {
          for (int s = 0; s < SENDERS; s++) {
            TestClient sender = gateway.login(73_010 + s);
            senders.add(sender);
            // Within the sender's own burst (Auth took one token of 20).
            for (int i = 0; i < PER_SENDER; i++) {
              sender.send(new ClientPayload.Chat(bob, "text", "m" + i, Optional.empty()));
            }
          }
          int burst = SENDERS * PER_SENDER;
          await().atMost(WAIT).until(() -> listener.messages.size() == burst);
          // Every automatic Ack was served: each sender hears every message delivered.
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      senders.stream()
                              .mapToLong(
                                  sender ->
                                      sender.frames().stream()
                                          .filter(f -> f.type() == FrameType.RECEIPT_PUSH)
                                          .count())
                              .sum()
                          == burst);

          // Bob's own chats, a burst within his limit, all go through.
          List<CompletableFuture<ServerPayload.ChatAck>> mine = new ArrayList<>();
          for (int i = 0; i < PER_SENDER; i++) {
            mine.add(client.send(73_010, "text", "reply " + i));
          }
          for (CompletableFuture<ServerPayload.ChatAck> ack : mine) {
            assertThat(ack.get(10, TimeUnit.SECONDS).messageId().value()).isPositive();
          }
          assertThat(listener.errors)
              .extracting(ServerPayload.Error::code)
              .doesNotContain(ErrorCode.WS_RATE_LIMITED);
          assertThat(listener.closes).isEmpty();
          assertThat(client.state()).isEqualTo(GatewayClient.State.CONNECTED);
        } finally {
          senders.forEach(TestClient::close);
        }
      }
    }
  }

  @Test
  void anAckFloodBeyondWhatTheClientWasSentIsRateLimitedThenClosed4400() {
    long alice = 73_101;
    long bob = 73_102;
    try (GatewayFixture gateway =
            GatewayFixture.start(
                config -> GatewayFixture.withLimits(config, l -> l.rateLimit(TIGHT)));
        TestClient sender = gateway.login(alice);
        TestClient flooder = gateway.login(bob)) {
      for (int i = 0; i < 5; i++) {
        sender.send(new ClientPayload.Chat(bob, "text", "m" + i, Optional.empty()));
      }
      long messageId = 0;
      for (int i = 0; i < 5; i++) {
        ServerFrame push = flooder.await(FrameType.CHAT_PUSH);
        messageId = ((ServerPayload.ChatPush) push.payload()).message().id().value();
      }
      // Five messages earn ten free Acks; the flood goes far past them, the burst and the strikes.
      for (int i = 0; i < 500 && !flooder.isClosed(); i++) {
        try {
          flooder.send(new ClientPayload.Ack(messageId, DeliveryStatus.DELIVERED.wireName()));
        } catch (CompletionException e) {
          break; // the gateway closed
        }
      }
      TestClient.Close close = flooder.awaitCloseFrame();
      assertThat(close.code()).isEqualTo(CloseReason.POLICY_VIOLATION.code()).isEqualTo(4400);
      assertThat(flooder.frames())
          .as("Acks over the limit refused with their seq")
          .anyMatch(
              frame ->
                  frame.seq() > 0
                      && frame.payload() instanceof ServerPayload.Error error
                      && error.code() == ErrorCode.WS_RATE_LIMITED);
    }
  }
}
