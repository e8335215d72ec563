package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.ChatPush;
import chat.gateway.domain.protocol.ServerPayload.Error;
import chat.gateway.domain.protocol.ServerPayload.ReceiptPush;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcknowledgeTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final UserId carol = UserId.of(3);
  private final TestGateway gateway = TestGateway.start();
  private TestClient alicePhone;
  private TestClient aliceLaptop;
  private TestClient recipient;
  private MessageId message;

  @BeforeEach
  void aliceWritesToBob() {
    alicePhone = gateway.login(alice);
    aliceLaptop = gateway.login(alice);
    recipient = gateway.login(bob);
    message = alicePhone.awaitReply(alicePhone.chat(bob, "hi"), ChatAck.class).messageId();
    recipient.awaitPush(ChatPush.class, push -> push.message().id().equals(message));
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void aDeliveredAckSendsAReceiptToEveryConnectionOfTheSender() {
    recipient.send(new ClientPayload.Ack(message.value(), "delivered"));

    ServerFrame receipt = ServerFrame.push(new ReceiptPush(message, bob, DeliveryStatus.DELIVERED));
    for (TestClient sender : List.of(alicePhone, aliceLaptop)) {
      sender.awaitPush(ReceiptPush.class, r -> true);
      assertThat(sender.frames()).containsOnlyOnce(receipt);
    }
    assertThat(status()).isEqualTo(DeliveryStatus.DELIVERED);
    recipient.roundTrip();
    assertThat(recipient.received(ReceiptPush.class)).isEmpty();
    assertThat(recipient.received(Error.class)).isEmpty();
  }

  @Test
  void aBatchAckMovesEachOfItsMessagesAndTheSenderGetsAReceiptForEach() {
    MessageId second = alicePhone.awaitReply(alicePhone.chat(bob, "2"), ChatAck.class).messageId();
    MessageId third = alicePhone.awaitReply(alicePhone.chat(bob, "3"), ChatAck.class).messageId();

    recipient.send(
        new ClientPayload.Ack(
            message.value(), "delivered", List.of(second.value(), third.value())));

    assertThat(alicePhone.awaitPushes(ReceiptPush.class, 3))
        .containsExactly(
            new ReceiptPush(message, bob, DeliveryStatus.DELIVERED),
            new ReceiptPush(second, bob, DeliveryStatus.DELIVERED),
            new ReceiptPush(third, bob, DeliveryStatus.DELIVERED));
    for (MessageId id : List.of(message, second, third)) {
      assertThat(gateway.store.find(id).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    }
    recipient.roundTrip();
    assertThat(recipient.received(Error.class)).isEmpty();
  }

  @Test
  void aBatchAckWithForeignIdsAppliesTheOthersAndSaysHowManyWereRefused() {
    TestClient carolClient = gateway.login(carol);
    MessageId carols =
        carolClient.awaitReply(carolClient.chat(alice, "not bob's"), ChatAck.class).messageId();

    long seq =
        recipient.send(
            new ClientPayload.Ack(0, "read", List.of(carols.value(), message.value(), 999_999L)));

    assertThat(recipient.awaitReply(seq, Error.class))
        .isEqualTo(
            new Error(
                ErrorCode.WS_INVALID_PAYLOAD,
                "no message " + carols + " (2 of the 3 ids refused; the others were applied)"));
    assertThat(status()).isEqualTo(DeliveryStatus.READ);
    assertThat(gateway.store.find(carols).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void aReadAckAfterDeliveredSendsASecondReceipt() {
    recipient.send(new ClientPayload.Ack(message.value(), "delivered"));
    recipient.send(new ClientPayload.Ack(message.value(), "read"));

    assertThat(alicePhone.awaitPushes(ReceiptPush.class, 2))
        .containsExactly(
            new ReceiptPush(message, bob, DeliveryStatus.DELIVERED),
            new ReceiptPush(message, bob, DeliveryStatus.READ));
    assertThat(status()).isEqualTo(DeliveryStatus.READ);
  }

  @Test
  void aReadAckStraightAfterTheChatMovesItToRead() {
    recipient.send(new ClientPayload.Ack(message.value(), "read"));

    assertThat(alicePhone.awaitPush(ReceiptPush.class, r -> true))
        .isEqualTo(new ReceiptPush(message, bob, DeliveryStatus.READ));
  }

  @Test
  void aRepeatedOrOlderAckChangesNothingAndIsNoError() {
    recipient.send(new ClientPayload.Ack(message.value(), "read"));
    alicePhone.awaitPush(ReceiptPush.class, r -> true);

    recipient.send(new ClientPayload.Ack(message.value(), "read"));
    recipient.send(new ClientPayload.Ack(message.value(), "delivered"));
    recipient.roundTrip();

    assertThat(alicePhone.received(ReceiptPush.class)).hasSize(1);
    assertThat(recipient.received(Error.class)).isEmpty();
    assertThat(status()).isEqualTo(DeliveryStatus.READ);
  }

  @Test
  void onlyTheRecipientMayAck() {
    TestClient stranger = gateway.login(carol);

    long byStranger = stranger.send(new ClientPayload.Ack(message.value(), "delivered"));
    long bySender = alicePhone.send(new ClientPayload.Ack(message.value(), "read"));

    assertThat(stranger.awaitReply(byStranger, Error.class).code())
        .isEqualTo(ErrorCode.WS_INVALID_PAYLOAD);
    assertThat(alicePhone.awaitReply(bySender, Error.class).code())
        .isEqualTo(ErrorCode.WS_INVALID_PAYLOAD);
    assertThat(status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(alicePhone.received(ReceiptPush.class)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 999_999, -1})
  void anAckOfAnUnknownMessageIsInvalid(long unknown) {
    long seq = recipient.send(new ClientPayload.Ack(unknown, "delivered"));

    assertThat(recipient.awaitReply(seq, Error.class).code())
        .isEqualTo(ErrorCode.WS_INVALID_PAYLOAD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sent", "seen", ""})
  void anAckWithAnInvalidStatusIsInvalid(String status) {
    long seq = recipient.send(new ClientPayload.Ack(message.value(), status));

    assertThat(recipient.awaitReply(seq, Error.class).code())
        .isEqualTo(ErrorCode.WS_INVALID_PAYLOAD);
    assertThat(status()).isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void anAckedMessageIsNotPushedAgainAtTheNextLogin() {
    TestClient unacked = gateway.login(carol);
    MessageId second = unacked.awaitReply(unacked.chat(bob, "second"), ChatAck.class).messageId();
    recipient.send(new ClientPayload.Ack(message.value(), "delivered"));
    alicePhone.awaitPush(ReceiptPush.class, r -> true);

    TestClient again = gateway.login(bob);

    assertThat(again.awaitPush(ChatPush.class, p -> true).message().id()).isEqualTo(second);
    again.roundTrip();
    assertThat(again.received(ChatPush.class)).hasSize(1);
  }

  private DeliveryStatus status() {
    return gateway.store.find(message).orElseThrow().status();
  }
}
