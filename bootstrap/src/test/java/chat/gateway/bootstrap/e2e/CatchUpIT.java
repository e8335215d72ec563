package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.client.GatewayClient;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The catch-up sync after a reconnect, where it is the only way back: while one device of a user is
 * cut off, the user's other device takes and acks every message (so the gateway has nothing to push
 * again at the next login) and sends one itself, which is read. Back online, the first device must
 * get all of them, across more than one sync page, once each and in order, and the read receipt it
 * missed.
 */
class CatchUpIT {

  private static final long ALICE = 72_001;
  private static final long BOB = 72_002;

  /** More than one sync page (100). */
  private static final int MISSED = 150;

  private static final Duration WAIT = Duration.ofSeconds(30);

  @ParameterizedTest(name = "holding a message before the outage: {0}")
  @ValueSource(booleans = {true, false})
  void aDeviceBackFromAnOutageSyncsWhatItsOtherDeviceAlreadyTook(boolean heldOneBefore)
      throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(GatewayFixture::withGenerousRateLimit);
        CuttingProxy proxy = CuttingProxy.to(gateway.gateway().port())) {
      RecordingListener alice = new RecordingListener();
      RecordingListener laptop = new RecordingListener();
      RecordingListener phone = new RecordingListener();
      try (GatewayClient sender = client(gateway.uri(), gateway, ALICE, alice);
          GatewayClient bobsPhone = client(gateway.uri(), gateway, BOB, phone);
          GatewayClient bobsLaptop = client(proxy.uri(), gateway, BOB, laptop)) {
        sender.connect().get(10, TimeUnit.SECONDS);
        bobsPhone.connect().get(10, TimeUnit.SECONDS);
        bobsLaptop.connect().get(10, TimeUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        if (heldOneBefore) {
          sender.send(BOB, "text", "before").get(10, TimeUnit.SECONDS);
          expected.add("before");
          await().atMost(WAIT).until(() -> laptop.messages.size() == 1);
        }

        proxy.down();
        await().atMost(WAIT).until(() -> !laptop.closes.isEmpty());

        List<CompletableFuture<ChatAck>> sent = new ArrayList<>();
        for (int i = 0; i < MISSED; i++) {
          sent.add(sender.send(BOB, "text", "missed-" + i));
          expected.add("missed-" + i);
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture<?>[]::new))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        MessageId fromPhone =
            bobsPhone.send(ALICE, "text", "from my phone").get(10, TimeUnit.SECONDS).messageId();
        expected.add("from my phone");
        await().atMost(WAIT).until(() -> alice.messageIds().contains(fromPhone));
        sender.markRead(fromPhone).get(10, TimeUnit.SECONDS);
        // The phone acked them all: nothing is left for the gateway to push to the laptop. (The
        // store says so; receipts would not: they are pushes, and a burst may drop Alice's
        // connection as a slow consumer, which her client rides out.)
        await()
            .atMost(WAIT)
            .ignoreExceptions()
            .until(
                () ->
                    SyncPages.all(sender).stream()
                        .allMatch(
                            message ->
                                message.id().equals(fromPhone)
                                    ? message.status() == DeliveryStatus.READ
                                    : message.status() != DeliveryStatus.SENT));
        assertThat(laptop.messages).hasSize(heldOneBefore ? 1 : 0);

        proxy.up();

        await().atMost(WAIT).until(() -> laptop.messages.size() >= expected.size());
        await().atMost(WAIT).until(() -> bobsLaptop.state() == GatewayClient.State.CONNECTED);
        assertThat(laptop.messages)
            .extracting(Message::content)
            .containsExactlyElementsOf(expected);
        assertThat(laptop.messages)
            .extracting(message -> message.id().value())
            .isSorted()
            .doesNotHaveDuplicates();
        assertThat(laptop.reconnects).isNotEmpty();
        // The read receipt the laptop missed comes with the catch-up, once.
        assertThat(laptop.receipts)
            .filteredOn(receipt -> receipt.messageId().equals(fromPhone))
            .containsExactly(
                new ServerPayload.ReceiptPush(fromPhone, UserId.of(ALICE), DeliveryStatus.READ));
      }
    }
  }

  private static GatewayClient client(
      URI uri, GatewayFixture gateway, long user, RecordingListener listener) {
    return QuickReconnect.client(uri, () -> gateway.token(user), listener)
        .threadName("catch-up-" + UserId.of(user))
        .build();
  }
}
