package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload.AuthRsp;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.ChatPush;
import chat.gateway.domain.protocol.ServerPayload.Error;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChatTest {

  private static final int MAX_CONTENT_BYTES = 16;

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final TestGateway gateway =
      TestGateway.with().limits(limits -> limits.maxContentBytes(MAX_CONTENT_BYTES)).start();

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void chatsStoredWhileALoginOpensArriveOnceAfterItsAuthRspAndInOrder()
      throws InterruptedException {
    Faults faults = new Faults();
    try (TestGateway opening = TestGateway.with().faults(faults).start()) {
      TestClient alicePhone = opening.login(alice);
      // Bob's connection is opening: it reads where its backlog ends while Alice sends.
      Faults.Hold backlogEnd = faults.holdNext(MessageStore.class, "latestId");
      TestClient bobPhone = opening.open();
      long authSeq = bobPhone.auth(bob);
      backlogEnd.awaitHeld();
      List<MessageId> sent = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        sent.add(alicePhone.awaitReply(alicePhone.chat(bob, "m" + i), ChatAck.class).messageId());
      }
      backlogEnd.release();

      bobPhone.awaitReply(authSeq, AuthRsp.class);
      TestClient.eventually()
          .during(Duration.ofMillis(300))
          .until(() -> bobPhone.pushes(ChatPush.class).size() == sent.size());
      assertThat(bobPhone.pushes(ChatPush.class))
          .extracting(push -> push.message().id())
          .containsExactlyElementsOf(sent);
      assertThat(bobPhone.frames().getFirst().payload()).isInstanceOf(AuthRsp.class);
    }
  }

  @Test
  void aChatIsStoredAckedToTheSenderAndPushedToEveryOtherConnection() {
    TestClient alicePhone = gateway.login(alice);
    TestClient aliceLaptop = gateway.login(alice);
    TestClient bobPhone = gateway.login(bob);
    TestClient bobLaptop = gateway.login(bob);
    Instant before = Instant.now();

    long seq = alicePhone.chat(bob, "hi bob", "c-1");

    ChatAck ack = alicePhone.awaitReply(seq, ChatAck.class);
    Message stored = gateway.store.find(ack.messageId()).orElseThrow();
    assertThat(stored)
        .isEqualTo(
            new Message(
                ack.messageId(),
                alice,
                bob,
                ContentType.TEXT,
                "hi bob",
                ack.createdAt(),
                DeliveryStatus.SENT,
                Optional.of("c-1")));
    assertThat(ack).isEqualTo(new ChatAck(stored.id(), Optional.of("c-1"), stored.createdAt()));
    assertThat(ack.createdAt()).isBetween(before.minusMillis(1), Instant.now());
    ServerFrame push = ServerFrame.push(new ChatPush(stored));
    for (TestClient other : List.of(bobPhone, bobLaptop, aliceLaptop)) {
      other.awaitPush(ChatPush.class, p -> true);
      assertThat(other.frames()).containsOnlyOnce(push);
    }
    alicePhone.roundTrip();
    assertThat(alicePhone.received(ChatPush.class)).isEmpty();
  }

  @Test
  void aChatToAnOfflineUserArrivesInTheirLoginPush() {
    TestClient sender = gateway.login(alice);
    MessageId id = sender.awaitReply(sender.chat(bob, "you were out"), ChatAck.class).messageId();

    TestClient recipient = gateway.login(bob);

    ChatPush push = recipient.awaitPush(ChatPush.class, p -> true);
    assertThat(push.message()).isEqualTo(gateway.store.find(id).orElseThrow());
    assertThat(push.message().content()).isEqualTo("you were out");
  }

  @Test
  void aRetryWithTheSameClientMsgIdIsAckedWithTheSameIdAndStoredOnce() {
    TestClient sender = gateway.login(alice);
    TestClient recipient = gateway.login(bob);

    ChatAck first = sender.awaitReply(sender.chat(bob, "once", "c-1"), ChatAck.class);
    ChatAck retry = sender.awaitReply(sender.chat(bob, "once", "c-1"), ChatAck.class);

    assertThat(retry).isEqualTo(first);
    assertThat(gateway.store.size()).isEqualTo(1);
    recipient.awaitPushes(ChatPush.class, 2);
    assertThat(recipient.received(ChatPush.class))
        .extracting(push -> push.message().id())
        .containsOnly(first.messageId());
  }

  @Test
  void messagesOfOneConnectionAreStoredAckedAndPushedInTheOrderSent() {
    TestClient sender = gateway.login(alice);
    TestClient recipient = gateway.login(bob);
    List<String> texts = IntStream.range(0, 50).mapToObj(n -> "m" + n).toList();

    List<Long> seqs = texts.stream().map(text -> sender.chat(bob, text)).toList();

    List<MessageId> acked =
        seqs.stream().map(seq -> sender.awaitReply(seq, ChatAck.class).messageId()).toList();
    assertThat(acked).isSorted().doesNotHaveDuplicates();
    assertThat(recipient.awaitPushes(ChatPush.class, texts.size()))
        .extracting(push -> push.message().content())
        .containsExactlyElementsOf(texts);
    assertThat(
            gateway.store.history(bob, new SyncCursor.Beginning(), 100).messages().stream()
                .map(Message::content))
        .containsExactlyElementsOf(texts);
  }

  @Test
  void aChatToOneselfReachesOnlyTheOtherDevices() {
    TestClient phone = gateway.login(alice);
    TestClient laptop = gateway.login(alice);

    MessageId id = phone.awaitReply(phone.chat(alice, "note"), ChatAck.class).messageId();

    assertThat(laptop.awaitPush(ChatPush.class, p -> true).message().id()).isEqualTo(id);
    phone.roundTrip();
    laptop.roundTrip();
    assertThat(laptop.received(ChatPush.class)).hasSize(1);
    assertThat(phone.received(ChatPush.class)).isEmpty();
  }

  @Test
  void anEmptyClientMsgIdIsNoIdempotencyKey() {
    TestClient sender = gateway.login(alice);

    ChatAck first = sender.awaitReply(sender.chat(bob, "one", ""), ChatAck.class);
    ChatAck second = sender.awaitReply(sender.chat(bob, "two", ""), ChatAck.class);

    assertThat(second.messageId()).isNotEqualTo(first.messageId());
    assertThat(first.clientMsgId()).isEmpty();
    assertThat(gateway.store.size()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidChats")
  void anInvalidChatIsRefusedWithItsSeqAndNotStored(
      String why, ClientPayload.Chat chat, ErrorCode code) {
    TestClient sender = gateway.login(alice);

    long seq = sender.send(chat);

    assertThat(sender.awaitReply(seq, Error.class).code()).isEqualTo(code);
    assertThat(gateway.store.size()).isZero();
    assertThat(sender.received(ChatAck.class)).isEmpty();
    assertThat(sender.isOpen()).isTrue();
  }

  static Stream<Arguments> invalidChats() {
    String longest = "x".repeat(MAX_CONTENT_BYTES);
    return Stream.of(
        invalid("to user 0", chat(0, "text", "hi"), ErrorCode.WS_INVALID_PAYLOAD),
        invalid("to a negative id", chat(-2, "text", "hi"), ErrorCode.WS_INVALID_PAYLOAD),
        invalid("unknown type", chat(2, "video", "hi"), ErrorCode.WS_INVALID_PAYLOAD),
        invalid("empty content", chat(2, "text", ""), ErrorCode.WS_INVALID_PAYLOAD),
        invalid(
            "content over the limit", chat(2, "text", longest + "x"), ErrorCode.WS_INVALID_PAYLOAD),
        invalid(
            "multibyte content over the limit",
            chat(2, "text", "é".repeat(9)),
            ErrorCode.WS_INVALID_PAYLOAD),
        invalid(
            "client_msg_id over the limit",
            new ClientPayload.Chat(2, "text", "hi", Optional.of("c".repeat(129))),
            ErrorCode.WS_INVALID_PAYLOAD),
        invalid("unknown recipient", chat(5_000, "text", "hi"), ErrorCode.WS_USER_NOT_FOUND));
  }

  @Test
  void contentOfExactlyTheLimitIsAccepted() {
    TestClient sender = gateway.login(alice);

    long seq = sender.send(chat(2, "image", "x".repeat(MAX_CONTENT_BYTES)));

    assertThat(sender.awaitReply(seq, ChatAck.class)).isNotNull();
    assertThat(gateway.store.size()).isEqualTo(1);
  }

  private static Arguments invalid(String why, ClientPayload.Chat chat, ErrorCode code) {
    return Arguments.of(why, chat, code);
  }

  private static ClientPayload.Chat chat(long to, String type, String content) {
    return new ClientPayload.Chat(to, type, content, Optional.empty());
  }
}
