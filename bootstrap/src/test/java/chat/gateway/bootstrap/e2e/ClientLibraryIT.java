package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.client.CloseAdvice;
import chat.gateway.client.GatewayClient;
import chat.gateway.client.GatewayClientBuilder;
import chat.gateway.client.GatewayErrorException;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import chat.gateway.domain.protocol.ServerPayload.ReceiptPush;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client library against a real gateway: messages and their acks, receipts, refused requests,
 * presence, de-duplication. Connection lifecycle: {@link ClientLifecycleIT}.
 */
class ClientLibraryIT {

  static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicLong USERS = new AtomicLong(60_000);

  private static GatewayFixture gateway;
  private final List<GatewayClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    gateway = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(GatewayClient::close);
  }

  @Test
  void aMessageIsAckedDeliveredOnceAndBothReceiptsReachTheSender() throws Exception {
    long alice = USERS.incrementAndGet();
    long bob = USERS.incrementAndGet();
    RecordingListener a = new RecordingListener();
    RecordingListener b = new RecordingListener();
    GatewayClient aliceClient = connected(alice, a);
    GatewayClient bobClient = connected(bob, b);

    ChatAck ack = aliceClient.send(bob, "text", "hello bob").get(10, TimeUnit.SECONDS);

    MessageId id = ack.messageId();
    assertThat(ack.clientMsgId()).isPresent();
    await().atMost(WAIT).until(() -> b.messageIds().contains(id));
    assertThat(b.messages.getFirst().content()).isEqualTo("hello bob");
    assertThat(b.messages.getFirst().clientMsgId()).isEqualTo(ack.clientMsgId());
    await()
        .atMost(WAIT)
        .until(() -> a.receipts.contains(receipt(id, bob, DeliveryStatus.DELIVERED)));

    bobClient.markRead(id).get(10, TimeUnit.SECONDS);

    await().atMost(WAIT).until(() -> a.receipts.contains(receipt(id, bob, DeliveryStatus.READ)));
    assertThat(b.messageIds()).containsExactly(id);
    assertThat(a.errors).isEmpty();
    assertThat(b.errors).isEmpty();
  }

  @Test
  void aMessageToAnUnknownUserFailsItsFutureWithUserNotFound() throws Exception {
    GatewayClient alice = connected(USERS.incrementAndGet(), new RecordingListener());

    assertThat(alice.send(999_999_999L, "text", "anyone?"))
        .failsWithin(WAIT)
        .withThrowableThat()
        .havingCause()
        .isInstanceOfSatisfying(
            GatewayErrorException.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.WS_USER_NOT_FOUND));
    assertThat(alice.state()).isEqualTo(GatewayClient.State.CONNECTED);
  }

  @Test
  void aMessagePushedAgainAtTheNextLoginIsDeliveredOnce() throws Exception {
    long alice = USERS.incrementAndGet();
    long bob = USERS.incrementAndGet();
    RecordingListener b = new RecordingListener();
    GatewayClient aliceClient = connected(alice, new RecordingListener());
    // No auto-ack: the first message stays unacked, so the gateway pushes it again at the login.
    GatewayClient bobClient = client(bob, b, builder -> builder.autoAckDelivered(false));
    bobClient.connect().get(10, TimeUnit.SECONDS);
    MessageId first = aliceClient.send(bob, "text", "one").get(10, TimeUnit.SECONDS).messageId();
    await().atMost(WAIT).until(() -> b.messageIds().contains(first));

    evictByLoggingInElsewhere(bob);
    await().atMost(WAIT).until(() -> !b.closes.isEmpty());
    assertThat(b.closes.getFirst().code()).isEqualTo(CloseReason.REPLACED.code());
    assertThat(CloseAdvice.of(b.closes.getFirst().code())).isEqualTo(CloseAdvice.DO_NOT_RECONNECT);
    MessageId second = aliceClient.send(bob, "text", "two").get(10, TimeUnit.SECONDS).messageId();
    bobClient.connect().get(10, TimeUnit.SECONDS);

    // The login push sends the backlog oldest first: once "two" is in, "one" came before it.
    await().atMost(WAIT).until(() -> b.messageIds().contains(second));
    assertThat(b.messageIds()).containsExactly(first, second);
  }

  @Test
  void aUsersOwnMessageFromAnotherDeviceIsDeliveredButNeverAcked() throws Exception {
    long alice = USERS.incrementAndGet();
    long bob = USERS.incrementAndGet();
    RecordingListener otherDevice = new RecordingListener();
    GatewayClient phone = connected(alice, new RecordingListener());
    GatewayClient laptop = connected(alice, otherDevice);

    MessageId id = phone.send(bob, "text", "from my phone").get(10, TimeUnit.SECONDS).messageId();

    await().atMost(WAIT).until(() -> otherDevice.messageIds().contains(id));
    // Requests of one connection are handled in order: an ack sent before this sync would have
    // been refused (only the recipient may ack) before the sync is answered.
    laptop.sync(0).get(10, TimeUnit.SECONDS);
    assertThat(otherDevice.errors).isEmpty();
  }

  @Test
  void presenceWatchesAndChangesReachTheOtherClient() throws Exception {
    long alice = USERS.incrementAndGet();
    long bob = USERS.incrementAndGet();
    long carol = USERS.incrementAndGet();
    RecordingListener b = new RecordingListener();
    GatewayClient aliceClient = connected(alice, new RecordingListener());
    GatewayClient bobClient = connected(bob, b);

    bobClient.watchPresence(List.of(UserId.of(carol))).get(10, TimeUnit.SECONDS);
    aliceClient.setPresence(PresenceStatus.AWAY).get(10, TimeUnit.SECONDS);

    await()
        .atMost(WAIT)
        .until(
            () ->
                b.presence.contains(new PresencePush(UserId.of(carol), PresenceStatus.OFFLINE))
                    && b.presence.contains(
                        new PresencePush(UserId.of(alice), PresenceStatus.AWAY)));
  }

  private GatewayClient connected(long user, RecordingListener listener) throws Exception {
    GatewayClient client = client(user, listener, builder -> builder);
    assertThat(client.connect().get(10, TimeUnit.SECONDS)).isEqualTo(UserId.of(user));
    assertThat(listener.states)
        .containsExactly(GatewayClient.State.CONNECTING, GatewayClient.State.CONNECTED);
    return client;
  }

  private GatewayClient client(
      long user, RecordingListener listener, UnaryOperator<GatewayClientBuilder> customize) {
    return track(
        customize
            .apply(
                GatewayClient.builder(gateway.uri())
                    .token(() -> gateway.token(user))
                    .listener(listener))
            .build());
  }

  private GatewayClient track(GatewayClient client) {
    clients.add(client);
    return client;
  }

  /** Logs {@code user} in on as many devices as allowed: the oldest connection is evicted. */
  private static void evictByLoggingInElsewhere(long user) {
    int devices = gateway.config().limits().maxConnectionsPerUser();
    List<TestClient> others = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      others.add(gateway.login(user));
    }
    others.forEach(TestClient::close);
  }

  private static ReceiptPush receipt(MessageId id, long by, DeliveryStatus status) {
    return new ReceiptPush(id, UserId.of(by), status);
  }
}
