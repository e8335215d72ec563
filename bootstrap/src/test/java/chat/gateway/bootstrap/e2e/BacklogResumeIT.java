package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.client.ClientListener;
import chat.gateway.client.GatewayClient;
import chat.gateway.domain.Limits;
import chat.gateway.domain.Message;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
      Recorder bob = new Recorder();
      try (GatewayClient receiver =
          QuickReconnect.client(proxy.uri(), () -> gateway.token(BOB), new RecordingListener())
              .listener(bob)
              .threadName("backlog-bob")
              .build()) {
        receiver.connect().get(10, TimeUnit.SECONDS);
        // Bob holds one message, acked, before he goes away: his resume point.
        sender.send(new ClientPayload.Chat(BOB, "text", "before", Optional.empty()));
        sender.await(FrameType.RECEIPT_PUSH);
        assertThat(bob.count()).isEqualTo(1);

        proxy.down();
        await().atMost(WAIT).until(() -> bob.closes.get() > 0);
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
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(1))
            .until(() -> receiver.state() == GatewayClient.State.CONNECTED);
        long connected = System.nanoTime();
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(5))
            .until(() -> bob.count() >= BACKLOG + 1);
        long done = System.nanoTime();
        // Every message the gateway pushes again would arrive by now: the store says all were
        // acked, so none is left to push.
        await()
            .atMost(WAIT)
            .until(
                () ->
                    sender.frames().stream().filter(f -> f.type() == FrameType.RECEIPT_PUSH).count()
                        == BACKLOG);
        System.out.printf(
            "BacklogResumeIT: %,d messages to the reconnecting client in %,d ms from its"
                + " AuthRsp (%,d ms after the network came back, backoff included); %d repeats"
                + " dropped%n",
            BACKLOG,
            (done - connected) / 1_000_000,
            (done - up) / 1_000_000,
            receiver.repeatsDropped());

        List<String> expected = IntStream.range(0, BACKLOG).mapToObj(i -> "m-" + i).toList();
        List<Message> received = bob.messages();
        assertThat(received.subList(1, received.size()))
            .extracting(Message::content)
            .containsExactlyElementsOf(expected);
        assertThat(receiver.repeatsDropped())
            .as("messages that reached the client a second time")
            .isZero();
      }
    }
  }

  /**
   * Keeps the messages in a plain list: a copy-on-write list, as {@link RecordingListener} has,
   * would copy itself 10,000 times and the garbage would weigh on the figure.
   */
  private static final class Recorder implements ClientListener {
    private final List<Message> messages = new ArrayList<>();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public synchronized void onMessage(Message message) {
      messages.add(message);
    }

    @Override
    public void onClosed(int code, String reason) {
      closes.incrementAndGet();
    }

    synchronized int count() {
      return messages.size();
    }

    synchronized List<Message> messages() {
      return List.copyOf(messages);
    }
  }
}
