package chat.gateway.application.session;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.in.AcknowledgeCommand;
import chat.gateway.application.port.in.ChoosePresenceCommand;
import chat.gateway.application.port.in.SendChatCommand;
import chat.gateway.application.port.in.SyncCommand;
import chat.gateway.application.port.in.WatchPresenceCommand;
import chat.gateway.application.session.Commands.Read;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Limits;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The boundary where wire values become a command's domain values, or a refusal. */
class CommandsTest {

  private static final UserId ALICE = UserId.of(1);
  private static final ConnectionId PHONE = new ConnectionId("phone");

  @Test
  void chat() {
    assertThat(
            Commands.chat(
                ALICE,
                PHONE,
                new ClientPayload.Chat(2, "voice", "media/v-1", Optional.of("c-1")),
                Limits.defaults()))
        .isEqualTo(
            new Read.Command<>(
                new SendChatCommand(
                    ALICE,
                    PHONE,
                    UserId.of(2),
                    ContentType.VOICE,
                    "media/v-1",
                    Optional.of("c-1"))));
    assertThat(
            Commands.chat(
                ALICE,
                PHONE,
                new ClientPayload.Chat(2, "video", "x", Optional.empty()),
                Limits.defaults()))
        .isEqualTo(invalid("'type' must be text, voice or image"));
  }

  @Test
  void aBatchAckBecomesOneCommandPerIdMessageIdFirst() {
    assertThat(Commands.acks(ALICE, new ClientPayload.Ack(5, "delivered", List.of(7L, 6L))))
        .isEqualTo(
            new Read.Command<>(
                List.of(
                    new AcknowledgeCommand(ALICE, MessageId.of(5), DeliveryStatus.DELIVERED),
                    new AcknowledgeCommand(ALICE, MessageId.of(7), DeliveryStatus.DELIVERED),
                    new AcknowledgeCommand(ALICE, MessageId.of(6), DeliveryStatus.DELIVERED))));
    assertThat(Commands.acks(ALICE, new ClientPayload.Ack(0, "read", List.of(9L))))
        .as("message_id may be left out when the batch has the ids")
        .isEqualTo(
            new Read.Command<>(
                List.of(new AcknowledgeCommand(ALICE, MessageId.of(9), DeliveryStatus.READ))));
    assertThat(Commands.acks(ALICE, new ClientPayload.Ack(5, "read")))
        .as("a single Ack reads as before")
        .isEqualTo(
            new Read.Command<>(
                List.of(new AcknowledgeCommand(ALICE, MessageId.of(5), DeliveryStatus.READ))));
    assertThat(Commands.acks(ALICE, new ClientPayload.Ack(0, "read")))
        .isEqualTo(invalid("no message 0"));
    assertThat(Commands.acks(ALICE, new ClientPayload.Ack(5, "READ", List.of(6L))))
        .isEqualTo(invalid("'status' must be delivered or read"));
    assertThat(Commands.acks(ALICE, new ClientPayload.Ack(5, "read", List.of(6L, 0L))))
        .isEqualTo(invalid("no message 0"));
    assertThat(Commands.acks(ALICE, new ClientPayload.Ack(-5, "read", List.of(6L))))
        .isEqualTo(invalid("no message -5"));
  }

  @Test
  void aBatchAckOfMoreThanTheBoundIsRefusedWhole() {
    List<Long> atBound = LongStream.rangeClosed(1, Commands.MAX_ACK_IDS - 1).boxed().toList();
    assertThat(Commands.acks(ALICE, new ClientPayload.Ack(5_000, "delivered", atBound)))
        .isInstanceOf(Read.Command.class);
    List<Long> over = LongStream.rangeClosed(1, Commands.MAX_ACK_IDS).boxed().toList();
    assertThat(Commands.acks(ALICE, new ClientPayload.Ack(5_000, "delivered", over)))
        .isEqualTo(invalid("an Ack carries at most 1000 message ids"));
  }

  @Test
  void ackStatusNamesBecomeDeliveryStatuses() {
    assertThat(Commands.ack(ALICE, new ClientPayload.Ack(5, "read")))
        .isEqualTo(
            new Read.Command<>(
                new AcknowledgeCommand(ALICE, MessageId.of(5), DeliveryStatus.READ)));
    // "sent" is a status, refused by the delivery rules, not by the reader.
    assertThat(Commands.ack(ALICE, new ClientPayload.Ack(5, "sent")))
        .isEqualTo(
            new Read.Command<>(
                new AcknowledgeCommand(ALICE, MessageId.of(5), DeliveryStatus.SENT)));
    assertThat(Commands.ack(ALICE, new ClientPayload.Ack(5, "READ")))
        .isEqualTo(invalid("'status' must be delivered or read"));
    assertThat(Commands.ack(ALICE, new ClientPayload.Ack(0, "bogus")))
        .as("the status is checked first")
        .isEqualTo(invalid("'status' must be delivered or read"));
    assertThat(Commands.ack(ALICE, new ClientPayload.Ack(-3, "read")))
        .isEqualTo(invalid("no message -3"));
  }

  @Test
  void syncCursorIsTheMessageIdWhenNonZeroElseTheTime() {
    assertThat(Commands.sync(ALICE, new ClientPayload.SyncReq(7, 1000)))
        .isEqualTo(
            new Read.Command<>(
                new SyncCommand(ALICE, Optional.of(MessageId.of(7)), Optional.empty())));
    assertThat(Commands.sync(ALICE, new ClientPayload.SyncReq(0, 1000)))
        .isEqualTo(
            new Read.Command<>(
                new SyncCommand(ALICE, Optional.empty(), Optional.of(Instant.ofEpochMilli(1000)))));
    assertThat(Commands.sync(ALICE, new ClientPayload.SyncReq(0, 0)))
        .isEqualTo(new Read.Command<>(new SyncCommand(ALICE, Optional.empty(), Optional.empty())));
    assertThat(Commands.sync(ALICE, new ClientPayload.SyncReq(0, -1)))
        .isEqualTo(invalid("cursors must not be negative"));
  }

  @Test
  void presenceStatusNames() {
    assertThat(Commands.presence(ALICE, new ClientPayload.Presence("away")))
        .isEqualTo(new Read.Command<>(new ChoosePresenceCommand(ALICE, PresenceStatus.AWAY)));
    assertThat(Commands.presence(ALICE, new ClientPayload.Presence("busy")))
        .isEqualTo(invalid("'status' must be online, offline or away"));
  }

  @Test
  void watchedIdsMustBePositiveAndKeepTheirRepeats() {
    assertThat(Commands.watch(ALICE, PHONE, new ClientPayload.PresenceSub(List.of(3L, 2L, 3L))))
        .isEqualTo(
            new Read.Command<>(
                new WatchPresenceCommand(
                    ALICE, PHONE, List.of(UserId.of(3), UserId.of(2), UserId.of(3)))));
    assertThat(Commands.watch(ALICE, PHONE, new ClientPayload.PresenceSub(List.of(3L, 0L))))
        .isEqualTo(invalid("'user_ids' must be positive user ids"));
  }

  private static <T> Read<T> invalid(String reason) {
    return new Read.Invalid<>(ErrorCode.WS_INVALID_PAYLOAD, reason);
  }
}
