package chat.gateway.application.session;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReceiptAllowanceTest {

  private static final UserId ME = UserId.of(1);
  private static final UserId OTHER = UserId.of(2);

  private static Message message(long id, UserId from, UserId to) {
    return new Message(
        MessageId.of(id),
        from,
        to,
        ContentType.TEXT,
        "hi",
        Instant.EPOCH,
        DeliveryStatus.SENT,
        Optional.empty());
  }

  @Test
  void onlyMessagesAddressedToTheConnectionsUserEarnTwoAcksEach() {
    ReceiptAllowance allowance = new ReceiptAllowance();
    allowance.sent(ME, ServerFrame.push(new ServerPayload.ChatPush(message(1, OTHER, ME))));
    // This user's own message from another device: it may not ack it.
    allowance.sent(ME, ServerFrame.push(new ServerPayload.ChatPush(message(2, ME, OTHER))));
    allowance.sent(
        ME,
        ServerFrame.reply(
            7,
            new ServerPayload.SyncRsp(
                List.of(message(3, OTHER, ME), message(4, ME, OTHER), message(5, OTHER, ME)),
                false)));
    allowance.sent(
        ME, ServerFrame.push(new ServerPayload.PresencePush(OTHER, PresenceStatus.AWAY)));
    // Not yet authenticated: nothing to ack.
    allowance.sent(null, ServerFrame.push(new ServerPayload.ChatPush(message(6, OTHER, ME))));

    assertThat(allowance.left()).isEqualTo(3 * ReceiptAllowance.PER_MESSAGE);
  }

  @Test
  void spendingStopsAtZero() {
    ReceiptAllowance allowance = new ReceiptAllowance();
    allowance.earn(1);
    assertThat(allowance.spend()).isTrue();
    assertThat(allowance.spend()).isTrue();
    assertThat(allowance.spend()).isFalse();
    assertThat(allowance.left()).isZero();
  }

  @Test
  void theAllowanceHeldIsCapped() {
    ReceiptAllowance allowance = new ReceiptAllowance();
    allowance.earn(ReceiptAllowance.MAX);
    allowance.earn(Integer.MAX_VALUE / 2);
    assertThat(allowance.left()).isEqualTo(ReceiptAllowance.MAX);
    for (int i = 0; i < ReceiptAllowance.MAX; i++) {
      allowance.spend();
    }
    assertThat(allowance.spend()).isFalse();
  }
}
