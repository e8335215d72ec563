package chat.gateway.bootstrap.e2e;

import static chat.gateway.bootstrap.e2e.Frames.chatPushOf;
import static chat.gateway.bootstrap.e2e.Frames.message;
import static chat.gateway.bootstrap.e2e.Frames.sendText;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Chat, delivery, receipts and sync over real sockets. */
class ChatIT {

  private static final AtomicLong USERS = new AtomicLong(1000);
  private static final Duration QUIET = Duration.ofMillis(300);

  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway =
        GatewayFixture.start(config -> GatewayFixture.withLimits(config, l -> l.syncPageSize(5)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static long newUser() {
    return USERS.incrementAndGet();
  }

  @Test
  void aMessageIsAckedToItsSenderThenPushedToEveryDeviceOfTheRecipientAndTheSendersOthers() {
    long alice = newUser();
    long bob = newUser();
    try (TestClient a1 = gateway.login(alice);
        TestClient a2 = gateway.login(alice);
        TestClient b1 = gateway.login(bob);
        TestClient b2 = gateway.login(bob)) {
      Instant before = Instant.now().minusMillis(1);
      long seq = a1.send(Frames.text(bob, "hello bob", "client-1"));

      ServerFrame ackFrame = a1.await(FrameType.CHAT_ACK);
      assertThat(ackFrame.seq()).isEqualTo(seq);
      ServerPayload.ChatAck ack = (ServerPayload.ChatAck) ackFrame.payload();
      assertThat(ack.clientMsgId()).contains("client-1");
      assertThat(ack.createdAt()).isBetween(before, Instant.now());

      Message expected =
          new Message(
              ack.messageId(),
              UserId.of(alice),
              UserId.of(bob),
              ContentType.TEXT,
              "hello bob",
              ack.createdAt(),
              DeliveryStatus.SENT,
              Optional.of("client-1"));
      for (TestClient device : List.of(b1, b2, a2)) {
        ServerFrame push = device.await(chatPushOf(ack.messageId()), "the ChatPush");
        assertThat(push.seq()).isZero();
        assertThat(message(push)).isEqualTo(expected);
      }
      a1.expectNone(chatPushOf(ack.messageId()), QUIET);
    }
  }

  @Test
  void messagesToAnOfflineUserArriveAtLoginInOrder() {
    long alice = newUser();
    long carol = newUser();
    List<MessageId> sent = new ArrayList<>();
    try (TestClient a = gateway.login(alice)) {
      for (int i = 0; i < 3; i++) {
        sent.add(sendText(a, carol, "while you were out " + i).messageId());
      }
    }
    try (TestClient c = gateway.login(carol)) {
      List<MessageId> received = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        received.add(message(c.await(FrameType.CHAT_PUSH)).id());
      }
      assertThat(received).containsExactlyElementsOf(sent);
    }
  }

  @Test
  void aRetryWithTheSameClientMsgIdGetsTheSameIdAndIsStoredOnce() {
    long alice = newUser();
    long bob = newUser();
    try (TestClient a = gateway.login(alice)) {
      long first = a.send(Frames.text(bob, "only once", "retry-7"));
      long second = a.send(Frames.text(bob, "only once", "retry-7"));
      ServerPayload.ChatAck ack1 = ackFor(a, first);
      ServerPayload.ChatAck ack2 = ackFor(a, second);
      assertThat(ack2.messageId()).isEqualTo(ack1.messageId());
      assertThat(ack2.createdAt()).isEqualTo(ack1.createdAt());
    }
    try (TestClient b = gateway.login(bob)) {
      b.send(new ClientPayload.SyncReq(0, 0));
      ServerPayload.SyncRsp page = (ServerPayload.SyncRsp) b.await(FrameType.SYNC_RSP).payload();
      assertThat(page.messages()).extracting(Message::content).containsExactly("only once");
    }
  }

  @Test
  void theRecipientsAcksMoveTheStatusForwardAndTheSenderGetsReceiptsOnEveryDevice() {
    long alice = newUser();
    long bob = newUser();
    try (TestClient a1 = gateway.login(alice);
        TestClient a2 = gateway.login(alice);
        TestClient b = gateway.login(bob)) {
      MessageId id = sendText(a1, bob, "did you get this?").messageId();
      b.await(chatPushOf(id), "the ChatPush");

      b.send(new ClientPayload.Ack(id.value(), "delivered"));
      for (TestClient sender : List.of(a1, a2)) {
        assertThat(receipt(sender))
            .isEqualTo(new ServerPayload.ReceiptPush(id, UserId.of(bob), DeliveryStatus.DELIVERED));
      }
      b.send(new ClientPayload.Ack(id.value(), "delivered"));
      a1.expectNone(Frames.ofType(FrameType.RECEIPT_PUSH), QUIET);

      b.send(new ClientPayload.Ack(id.value(), "read"));
      assertThat(receipt(a1).status()).isEqualTo(DeliveryStatus.READ);
      assertThat(receipt(a2).status()).isEqualTo(DeliveryStatus.READ);

      long foreign = a1.send(new ClientPayload.Ack(id.value(), "read"));
      assertError(a1, foreign, ErrorCode.WS_INVALID_PAYLOAD);
      long unknown = b.send(new ClientPayload.Ack(987_654_321L, "read"));
      assertError(b, unknown, ErrorCode.WS_INVALID_PAYLOAD);
      long badStatus = b.send(new ClientPayload.Ack(id.value(), "sent"));
      assertError(b, badStatus, ErrorCode.WS_INVALID_PAYLOAD);
    }
  }

  @Test
  void aPushedButUnackedMessageIsPushedAgainAtTheNextLoginAndAnAckedOneIsNot() {
    long alice = newUser();
    long bob = newUser();
    MessageId acked;
    MessageId unacked;
    try (TestClient a = gateway.login(alice);
        TestClient b = gateway.login(bob)) {
      acked = sendText(a, bob, "acked").messageId();
      unacked = sendText(a, bob, "not acked").messageId();
      b.await(chatPushOf(acked), "first push");
      b.await(chatPushOf(unacked), "second push");
      b.send(new ClientPayload.Ack(acked.value(), "delivered"));
      a.await(FrameType.RECEIPT_PUSH);
    }
    try (TestClient b = gateway.login(bob)) {
      b.await(chatPushOf(unacked), "the unacked message again");
      b.expectNone(chatPushOf(acked), QUIET);
    }
  }

  @Test
  void syncPagesThroughSentAndReceivedMessagesOldestFirst() {
    long alice = newUser();
    long dave = newUser();
    List<MessageId> all = new ArrayList<>();
    try (TestClient a = gateway.login(alice);
        TestClient d = gateway.login(dave)) {
      for (int i = 0; i < 10; i++) {
        all.add(sendText(a, dave, "to dave " + i).messageId());
      }
      all.add(sendText(d, alice, "reply 1").messageId());
      all.add(sendText(d, alice, "reply 2").messageId());
    }
    try (TestClient d = gateway.login(dave)) {
      List<MessageId> synced = new ArrayList<>();
      List<Boolean> hasMore = new ArrayList<>();
      long cursor = 0;
      do {
        long seq = d.send(new ClientPayload.SyncReq(cursor, 0));
        ServerFrame reply = d.await(FrameType.SYNC_RSP);
        assertThat(reply.seq()).isEqualTo(seq);
        ServerPayload.SyncRsp page = (ServerPayload.SyncRsp) reply.payload();
        page.messages().forEach(m -> synced.add(m.id()));
        hasMore.add(page.hasMore());
        cursor = page.messages().getLast().id().value();
      } while (hasMore.getLast());
      assertThat(synced).containsExactlyElementsOf(all);
      assertThat(hasMore).containsExactly(true, true, false);

      long bad = d.send(new ClientPayload.SyncReq(-1, 0));
      assertError(d, bad, ErrorCode.WS_INVALID_PAYLOAD);
    }
  }

  @Test
  void syncByTimeReturnsOnlyLaterMessages() throws InterruptedException {
    long alice = newUser();
    long erin = newUser();
    try (TestClient a = gateway.login(alice)) {
      ServerPayload.ChatAck old = sendText(a, erin, "old");
      Thread.sleep(5);
      ServerPayload.ChatAck recent = sendText(a, erin, "recent");
      assertThat(recent.createdAt()).isAfter(old.createdAt());
      a.send(new ClientPayload.SyncReq(0, old.createdAt().toEpochMilli()));
      ServerPayload.SyncRsp page = (ServerPayload.SyncRsp) a.await(FrameType.SYNC_RSP).payload();
      assertThat(page.messages()).extracting(Message::id).containsExactly(recent.messageId());
      assertThat(page.hasMore()).isFalse();
    }
  }

  @Test
  void messagesFromOneConnectionToOneRecipientArriveInTheOrderSent() {
    long alice = newUser();
    long bob = newUser();
    try (TestClient a = gateway.login(alice);
        TestClient b = gateway.login(bob)) {
      int count = 100;
      for (int i = 0; i < count; i++) {
        a.send(Frames.text(bob, "n" + i));
      }
      List<Message> received = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        received.add(message(b.await(FrameType.CHAT_PUSH)));
      }
      assertThat(received)
          .extracting(Message::content)
          .containsExactlyElementsOf(
              java.util.stream.IntStream.range(0, count).mapToObj(i -> "n" + i).toList());
      assertThat(received).extracting(m -> m.id().value()).isSorted();
    }
  }

  @Test
  void chatContentThatIsNotUtf8IsRefusedAndNeitherStoredNorPushed() {
    long alice = newUser();
    long bob = newUser();
    // "hi", a surrogate encoded in three bytes (not UTF-8), "!": a Java decoder would make it
    // "hi\uFFFD!"; the gateway must refuse it instead of storing something the user never sent.
    byte[] invalid = {'h', 'i', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '!'};
    byte[] emoji = "hi 👋 你好".getBytes(StandardCharsets.UTF_8);
    MessageId id;
    try (TestClient a = gateway.login(alice);
        TestClient b = gateway.login(bob)) {
      a.sendBytes(rawChat(7001, bob, new RawFrames.Str(invalid), "bad-utf8"));
      assertError(a, 7001, ErrorCode.WS_INVALID_PAYLOAD);
      a.sendBytes(rawChat(7002, bob, "fine", new RawFrames.Str(invalid)));
      assertError(a, 7002, ErrorCode.WS_INVALID_PAYLOAD);

      // The connection stays open, and the same bytes done right are stored exactly as sent.
      a.sendBytes(rawChat(7003, bob, new RawFrames.Str(emoji), "bad-utf8"));
      id = ackFor(a, 7003).messageId();
      Message pushed = message(b.await(chatPushOf(id), "the valid message"));
      assertThat(pushed.content().getBytes(StandardCharsets.UTF_8)).isEqualTo(emoji);
      a.roundTrip();
      b.roundTrip();
      // Whatever await() did not take: no other push reached the recipient.
      assertThat(b.frames()).noneMatch(frame -> frame.type() == FrameType.CHAT_PUSH);
    }
    try (TestClient b = gateway.login(bob)) {
      b.send(new ClientPayload.SyncReq(0, 0));
      ServerPayload.SyncRsp page = (ServerPayload.SyncRsp) b.await(FrameType.SYNC_RSP).payload();
      assertThat(page.messages()).extracting(Message::id).containsExactly(id);
      assertThat(page.messages().getFirst().content().getBytes(StandardCharsets.UTF_8))
          .isEqualTo(emoji);
    }
  }

  private static byte[] rawChat(long seq, long to, Object content, Object clientMsgId) {
    byte[] payload =
        RawFrames.map(
            RawFrames.entries(
                "to", to, "type", "text", "content", content, "client_msg_id", clientMsgId));
    return RawFrames.envelope(FrameType.CHAT.code(), seq, payload);
  }

  private static ServerPayload.ChatAck ackFor(TestClient client, long seq) {
    return (ServerPayload.ChatAck)
        client
            .await(f -> f.type() == FrameType.CHAT_ACK && f.seq() == seq, "ChatAck " + seq)
            .payload();
  }

  private static ServerPayload.ReceiptPush receipt(TestClient client) {
    ServerFrame frame = client.await(FrameType.RECEIPT_PUSH);
    assertThat(frame.seq()).isZero();
    return (ServerPayload.ReceiptPush) frame.payload();
  }

  private static void assertError(TestClient client, long seq, ErrorCode code) {
    ServerFrame frame =
        client.await(f -> f.type() == FrameType.ERROR && f.seq() == seq, "Error for seq " + seq);
    assertThat(((ServerPayload.Error) frame.payload()).code()).isEqualTo(code);
  }
}
