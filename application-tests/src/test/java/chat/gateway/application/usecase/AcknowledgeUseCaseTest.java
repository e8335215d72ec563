package chat.gateway.application.usecase;

import static chat.gateway.testsupport.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.memory.InMemoryMessageStore;
import chat.gateway.application.port.in.AckOutcome;
import chat.gateway.application.port.in.AcknowledgeCommand;
import chat.gateway.application.port.in.AcknowledgeUseCase;
import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.service.AcknowledgeService;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link AcknowledgeUseCase} called directly, on the in-memory adapters. */
class AcknowledgeUseCaseTest {

  private static final UserId ALICE = UserId.of(1);
  private static final UserId BOB = UserId.of(2);

  private final InMemoryMessageStore store = new InMemoryMessageStore();
  private final RecordingEventRouting events = new RecordingEventRouting();
  private final AcknowledgeUseCase acknowledge = new AcknowledgeService(store, events);
  private final Message message =
      store.store(aMessage().from(ALICE).to(BOB).text("hi").build()).message();

  @Test
  void aForwardMoveIsStoredAndTheSenderGetsAReceipt() {
    AckOutcome outcome = acknowledge.acknowledge(ack(BOB, message.id(), DeliveryStatus.READ));

    Message read = message.withStatus(DeliveryStatus.READ);
    assertThat(outcome).isEqualTo(new AckOutcome.Advanced(read));
    assertThat(store.find(message.id())).contains(read);
    assertThat(events.routedToTargets())
        .containsExactly(
            new ClusterEvent.ReceiptAdvanced(
                Set.of(ALICE), message.id(), BOB, DeliveryStatus.READ));
  }

  @Test
  void anAckAtOrBehindTheStatusChangesNothingAndTellsNoOne() {
    acknowledge.acknowledge(ack(BOB, message.id(), DeliveryStatus.READ));

    assertThat(acknowledge.acknowledge(ack(BOB, message.id(), DeliveryStatus.READ)))
        .isEqualTo(new AckOutcome.Unchanged());
    assertThat(acknowledge.acknowledge(ack(BOB, message.id(), DeliveryStatus.DELIVERED)))
        .isEqualTo(new AckOutcome.Unchanged());
    assertThat(events.routedToTargets()).hasSize(1);
  }

  @Test
  void anotherUsersMessageIsRefusedLikeAMissingOne() {
    assertThat(acknowledge.acknowledge(ack(ALICE, message.id(), DeliveryStatus.READ)))
        .isEqualTo(
            new AckOutcome.Refused(ErrorCode.WS_INVALID_PAYLOAD, "no message " + message.id()));
    assertThat(acknowledge.acknowledge(ack(BOB, MessageId.of(999), DeliveryStatus.READ)))
        .isEqualTo(new AckOutcome.Refused(ErrorCode.WS_INVALID_PAYLOAD, "no message 999"));
    assertThat(store.find(message.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void sentCannotBeAcknowledged() {
    assertThat(acknowledge.acknowledge(ack(BOB, message.id(), DeliveryStatus.SENT)))
        .isEqualTo(
            new AckOutcome.Refused(
                ErrorCode.WS_INVALID_PAYLOAD, "'status' must be delivered or read"));
  }

  private static AcknowledgeCommand ack(UserId who, MessageId id, DeliveryStatus status) {
    return new AcknowledgeCommand(who, id, status);
  }
}
