package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.client.GatewayClient;
import chat.gateway.domain.Limits;
import chat.gateway.domain.Message;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A client library back from a long absence with a large backlog: the gateway's login push stops at
 * the resume point the client's Auth gives, so the backlog reaches the client once, by its catch-up
 * sync, instead of once as pushes and once more as sync pages. It prints how long the backlog took
 * from the moment the network came back (reconnect backoff included): a figure, not an assertion.
 */
class BacklogResumeIT {

  private static final long ALICE = 74_001;
  private static final long BOB = 74_002;
  private static final int BACKLOG = 10_000;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void aReconnectingClientGetsEachMessageOfItsBacklogExactlyOnce() throws Exception {
    try (GatewayFixture gateway =
            GatewayFixture.start(
                config ->
                    GatewayFixture.withLimits(
                        config, l -> l.rateLimit(new Limits.RateLimit(100_000, 100_000))));
        CuttingProxy proxy = CuttingProxy.to(gateway.gateway().port());
        TestClient sender = gateway.login(ALICE)) {
      RecordingListener bob = new RecordingListener();
      try (GatewayClient receiver =
          QuickReconnect.client(proxy.uri(), () -> gateway.token(BOB), bob)
              .threadName("backlog-bob")
              .build()) {
        receiver.connect().get(10, TimeUnit.SECONDS);
        // Bob holds one message, acked, before he goes away: his resume point.
        sender.send(new ClientPayload.Chat(BOB, "text", "before", Optional.empty()));
        sender.await(FrameType.RECEIPT_PUSH);
        assertThat(bob.messages).hasSize(1);

        proxy.down();
        await().atMost(WAIT).until(() -> !bob.closes.isEmpty());
        for (int i = 0; i < BACKLOG; i++) {
          sender.send(new ClientPayload.Chat(BOB, "text", "m-" + i, Optional.empty()));
        }
        await()
            .atMost(WAIT)
            .until(
                () ->
                    sender.frames().stream().filter(f -> f.type() == FrameType.CHAT_ACK).count()
                        == BACKLOG + 1);

        long up = System.nanoTime();
        proxy.up();
        await().atMost(WAIT).until(() -> bob.messages.size() >= BACKLOG + 1);
        long elapsedMillis = (System.nanoTime() - up) / 1_000_000;
        await().atMost(WAIT).until(() -> receiver.state() == GatewayClient.State.CONNECTED);
        // Every message the gateway pushes again would arrive by now: the store says all were
        // acked, so none is left to push.
        await()
            .atMost(WAIT)
            .until(
                () ->
                    sender.frames().stream().filter(f -> f.type() == FrameType.RECEIPT_PUSH).count()
                        == BACKLOG);
        System.out.printf(
            "BacklogResumeIT: %,d messages to the reconnecting client in %,d ms after the network"
                + " came back (backoff included); %d repeats dropped%n",
            BACKLOG, elapsedMillis, receiver.repeatsDropped());

        List<String> expected = IntStream.range(0, BACKLOG).mapToObj(i -> "m-" + i).toList();
        assertThat(bob.messages.subList(1, bob.messages.size()))
            .extracting(Message::content)
            .containsExactlyElementsOf(expected);
        assertThat(receiver.repeatsDropped())
            .as("messages that reached the client a second time")
            .isZero();
      }
    }
  }
}
