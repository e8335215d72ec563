package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.client.GatewayClient;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The client library's reconnect against a real gateway, with the network between them broken by a
 * {@link CuttingProxy}: connections reset mid-traffic, and an outage during which every attempt
 * fails. Every message is accounted for: acked once, stored once, shown once, in order.
 */
class ReconnectIT {

  private static final long ALICE = 71_001;
  private static final long BOB = 71_002;
  private static final int MESSAGES = 300;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void messagesSentThroughCutsAndAnOutageAreStoredOnceAndShownOnceInOrder() throws Exception {
    // The test is about the network, not the rate limit: let the burst after an outage through.
    try (GatewayFixture gateway = GatewayFixture.start(GatewayFixture::withGenerousRateLimit);
        CuttingProxy proxy = CuttingProxy.to(gateway.gateway().port())) {
      RecordingListener alice = new RecordingListener();
      RecordingListener bob = new RecordingListener();
      try (GatewayClient sender = client(proxy, gateway, ALICE, alice);
          GatewayClient receiver = client(proxy, gateway, BOB, bob)) {
        sender.connect().get(10, TimeUnit.SECONDS);
        receiver.connect().get(10, TimeUnit.SECONDS);

        List<CompletableFuture<ChatAck>> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
          sent.add(sender.send(BOB, "text", "m-" + i));
          if (i % 60 == 30) {
            proxy.cutAll();
          }
          if (i == 140) {
            proxy.down();
          }
          if (i == 220) {
            proxy.up();
          }
          // Paced, so that sends, cuts and the outage interleave over about three seconds.
          Thread.sleep(10);
        }

        CompletableFuture.allOf(sent.toArray(CompletableFuture<?>[]::new))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<MessageId> acked = sent.stream().map(future -> future.join().messageId()).toList();
        assertThat(new HashSet<>(acked)).as("one message id per message sent").hasSize(MESSAGES);

        List<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> "m-" + i).toList();
        await()
            .atMost(WAIT)
            .until(
                () -> bob.messages.stream().map(Message::content).distinct().count() >= MESSAGES);
        List<Message> stored = SyncPages.all(receiver);
        assertThat(stored)
            .as("stored once each, whatever was sent again")
            .extracting(Message::content)
            .containsExactlyElementsOf(expected);
        assertThat(stored).extracting(Message::id).containsExactlyElementsOf(acked);

        // By now every late repeat has had time to arrive: none may have been shown.
        assertThat(bob.messages)
            .as("shown once each, in the order sent")
            .extracting(Message::content)
            .containsExactlyElementsOf(expected);
        assertThat(bob.messageIds()).containsExactlyElementsOf(acked);

        assertThat(alice.reconnects).as("the sender lost its connection").isNotEmpty();
        assertThat(bob.reconnects).as("the receiver lost its connection").isNotEmpty();
        List<RecordingListener.Reconnect> all = new ArrayList<>(alice.reconnects);
        all.addAll(bob.reconnects);
        assertThat(all).allSatisfy(ReconnectIT::followsTheSchedule);
        assertThat(all)
            .as("the outage made the waits grow")
            .anySatisfy(reconnect -> assertThat(reconnect.attempt()).isGreaterThanOrEqualTo(3));
      }
    }
  }

  /** The wait before attempt n is the policy's step, ×1.5 from 50 ms up to 400 ms, ±20%. */
  private static void followsTheSchedule(RecordingListener.Reconnect reconnect) {
    double step =
        Math.min(
            QuickReconnect.INITIAL.toNanos()
                * Math.pow(QuickReconnect.POLICY.multiplier(), reconnect.attempt() - 1),
            QuickReconnect.MAX.toNanos());
    assertThat((double) reconnect.delay().toNanos())
        .as("wait before attempt %d", reconnect.attempt())
        .isBetween(step * 0.8 - 1, step * 1.2 + 1);
  }

  private static GatewayClient client(
      CuttingProxy proxy, GatewayFixture gateway, long user, RecordingListener listener) {
    return QuickReconnect.client(proxy.uri(), () -> gateway.token(user), listener)
        .threadName("reconnect-" + UserId.of(user))
        .build();
  }
}
