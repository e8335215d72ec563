package chat.gateway.bootstrap.e2e;

import static chat.gateway.bootstrap.e2e.PresenceIT.assertNoneArrives;
import static chat.gateway.bootstrap.e2e.PresenceIT.presenceOf;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One user on several devices at once (at most 3): fan-out, own-message echo, eviction. */
class MultiDeviceIT {

  private static final AtomicLong USERS = new AtomicLong(50_000);

  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static long newUser() {
    return USERS.incrementAndGet();
  }

  /** Logs in and waits until the connection is registered (its Pong follows registration). */
  private static TestClient device(long user) {
    TestClient client = gateway.login(user);
    client.roundTrip();
    return client;
  }

  @Test
  void everyDeviceOfTheRecipientGetsTheMessage() {
    long uma = newUser();
    long victor = newUser();
    try (TestClient d1 = device(uma);
        TestClient d2 = device(uma);
        TestClient d3 = device(uma);
        TestClient v = device(victor)) {
      MessageId id = sendText(v, uma, "to all of uma's devices");
      for (TestClient device : List.of(d1, d2, d3)) {
        ServerFrame push = device.await(chatPushOf(id), "ChatPush " + id);
        assertThat(push.seq()).isZero();
        assertThat(message(push).from()).isEqualTo(UserId.of(victor));
        assertThat(message(push).to()).isEqualTo(UserId.of(uma));
      }
      assertNoneArrives(v, chatPushOf(id)); // the sender's only device
    }
  }

  @Test
  void aMessageSentFromOneDeviceReachesTheOtherDevicesButNotTheSendingOne() {
    long uma = newUser();
    long victor = newUser();
    try (TestClient d1 = device(uma);
        TestClient d2 = device(uma);
        TestClient d3 = device(uma);
        TestClient v = device(victor)) {
      MessageId id = sendText(d1, victor, "from uma's first device");
      for (TestClient other : List.of(d2, d3, v)) {
        ServerFrame push = other.await(chatPushOf(id), "ChatPush " + id);
        assertThat(push.seq()).isZero();
        assertThat(message(push).from()).isEqualTo(UserId.of(uma));
        assertThat(message(push).to()).isEqualTo(UserId.of(victor));
      }
      assertNoneArrives(d1, chatPushOf(id)); // the sending device gets the ChatAck only
    }
  }

  @Test
  void aFourthLoginEvictsTheOldestDeviceWhichGetsAnErrorAndClose4409() {
    long uma = newUser();
    long victor = newUser();
    long walter = newUser();
    try (TestClient w = device(walter);
        TestClient d1 = device(uma);
        TestClient d2 = device(uma);
        TestClient d3 = device(uma);
        TestClient v = device(victor)) {
      w.await(presenceOf(uma, PresenceStatus.ONLINE), "uma online");

      try (TestClient d4 = device(uma)) {
        TestClient.Close close = d1.awaitCloseFrame();
        assertThat(close.code()).isEqualTo(CloseReason.REPLACED.code()).isEqualTo(4409);
        // Frames arrive in order: the Error is there when the close is.
        assertThat(d1.frames())
            .filteredOn(f -> f.type() == FrameType.ERROR)
            .singleElement()
            .satisfies(
                error -> {
                  assertThat(error.seq()).isZero();
                  assertThat(((ServerPayload.Error) error.payload()).code())
                      .isEqualTo(ErrorCode.WS_NOT_AUTHENTICATED);
                });

        // The others stay and still get pushes.
        MessageId id = sendText(v, uma, "after the eviction");
        for (TestClient device : List.of(d2, d3, d4)) {
          assertThat(device.await(chatPushOf(id), "ChatPush " + id).seq()).isZero();
          assertThat(device.isClosed()).isFalse();
        }
        assertThat(d1.frames()).as("the evicted device").noneMatch(chatPushOf(id));

        // Uma never went offline: the watcher heard nothing, and a newcomer's snapshot has her.
        assertNoneArrives(w, presenceOf(uma));
        try (TestClient newcomer = device(newUser())) {
          newcomer.await(
              f -> f.payload().equals(new PresencePush(UserId.of(uma), PresenceStatus.ONLINE)),
              "uma online in the newcomer's snapshot");
        }
      }
    }
  }

  @Test
  void theEvictedDeviceIsAlwaysTheOldestAlsoAfterAnEarlierEviction() {
    long uma = newUser();
    try (TestClient d1 = device(uma);
        TestClient d2 = device(uma);
        TestClient d3 = device(uma);
        TestClient d4 = device(uma)) {
      assertThat(d1.awaitClose()).isEqualTo(4409);
      try (TestClient d5 = device(uma)) {
        assertThat(d2.awaitClose()).isEqualTo(4409);
        for (TestClient device : List.of(d3, d4, d5)) {
          device.roundTrip();
          assertThat(device.isClosed()).isFalse();
        }
      }
    }
  }

  private static MessageId sendText(TestClient from, long to, String content) {
    long seq = from.send(new ClientPayload.Chat(to, "text", content, Optional.empty()));
    ServerFrame ack =
        from.await(f -> f.type() == FrameType.CHAT_ACK && f.seq() == seq, "ChatAck " + seq);
    return ((ServerPayload.ChatAck) ack.payload()).messageId();
  }

  private static Predicate<ServerFrame> chatPushOf(MessageId id) {
    return frame ->
        frame.payload() instanceof ServerPayload.ChatPush push && push.message().id().equals(id);
  }

  private static Message message(ServerFrame frame) {
    return ((ServerPayload.ChatPush) frame.payload()).message();
  }
}
