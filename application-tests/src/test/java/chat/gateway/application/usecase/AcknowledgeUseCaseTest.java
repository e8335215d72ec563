package chat.gateway.application.usecase;

import static chat.gateway.testsupport.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.memory.InMemoryMessageStore;
import chat.gateway.application.port.in.AckOutcome;
import chat.gateway.application.port.in.AcknowledgeCommand;
import chat.gateway.application.port.in.AcknowledgeUseCase;
import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.NewMessage;
import chat.gateway.application.port.out.StoreResult;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.application.service.AcknowledgeService;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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

  @Test
  void aBatchGoesToTheStoreInOneCallAndEachIdIsAnsweredAsIfAckedAlone() {
    CountingStore counting = new CountingStore(store);
    AcknowledgeUseCase batched = new AcknowledgeService(counting, events);
    Message second = store.store(aMessage().from(ALICE).to(BOB).text("two").build()).message();
    Message bobs = store.store(aMessage().from(BOB).to(ALICE).text("mine").build()).message();
    MessageId unknown = MessageId.of(999);

    List<AckOutcome> outcomes =
        batched.acknowledgeAll(
            List.of(
                ack(BOB, message.id(), DeliveryStatus.DELIVERED),
                ack(BOB, unknown, DeliveryStatus.DELIVERED),
                ack(BOB, second.id(), DeliveryStatus.DELIVERED),
                ack(BOB, bobs.id(), DeliveryStatus.DELIVERED),
                ack(BOB, message.id(), DeliveryStatus.DELIVERED)));

    assertThat(outcomes)
        .containsExactly(
            new AckOutcome.Advanced(message.withStatus(DeliveryStatus.DELIVERED)),
            new AckOutcome.Refused(ErrorCode.WS_INVALID_PAYLOAD, "no message 999"),
            new AckOutcome.Advanced(second.withStatus(DeliveryStatus.DELIVERED)),
            new AckOutcome.Refused(ErrorCode.WS_INVALID_PAYLOAD, "no message " + bobs.id()),
            new AckOutcome.Unchanged());
    assertThat(counting.calls).containsExactly("advanceAllFor", "findAll");
    assertThat(events.routedToTargets())
        .containsExactly(
            new ClusterEvent.ReceiptAdvanced(
                Set.of(ALICE), message.id(), BOB, DeliveryStatus.DELIVERED),
            new ClusterEvent.ReceiptAdvanced(
                Set.of(ALICE), second.id(), BOB, DeliveryStatus.DELIVERED));
  }

  @Test
  void aBatchOfOnlyMovesReadsNothing() {
    CountingStore counting = new CountingStore(store);
    Message second = store.store(aMessage().from(ALICE).to(BOB).text("two").build()).message();

    new AcknowledgeService(counting, events)
        .acknowledgeAll(
            List.of(
                ack(BOB, message.id(), DeliveryStatus.READ),
                ack(BOB, second.id(), DeliveryStatus.READ)));

    assertThat(counting.calls).containsExactly("advanceAllFor");
    assertThat(store.undelivered(BOB, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void commandsOfAnotherStatusOrRecipientAreAppliedInTheirOwnCallInOrder() {
    CountingStore counting = new CountingStore(store);

    List<AckOutcome> outcomes =
        new AcknowledgeService(counting, events)
            .acknowledgeAll(
                List.of(
                    ack(BOB, message.id(), DeliveryStatus.READ),
                    ack(BOB, message.id(), DeliveryStatus.DELIVERED),
                    ack(ALICE, message.id(), DeliveryStatus.READ)));

    assertThat(outcomes)
        .containsExactly(
            new AckOutcome.Advanced(message.withStatus(DeliveryStatus.READ)),
            new AckOutcome.Unchanged(),
            new AckOutcome.Refused(ErrorCode.WS_INVALID_PAYLOAD, "no message " + message.id()));
    assertThat(counting.calls)
        .containsExactly("advanceAllFor", "advanceAllFor", "findAll", "advanceAllFor", "findAll");
  }

  /** A store that notes which of its methods the service calls, and lets the real one answer. */
  private static final class CountingStore implements MessageStore {
    final List<String> calls = new ArrayList<>();
    private final MessageStore real;

    CountingStore(MessageStore real) {
      this.real = real;
    }

    @Override
    public StoreResult store(NewMessage message) {
      calls.add("store");
      return real.store(message);
    }

    @Override
    public Optional<MessageId> latestId() {
      calls.add("latestId");
      return real.latestId();
    }

    @Override
    public Optional<Message> find(MessageId id) {
      calls.add("find");
      return real.find(id);
    }

    @Override
    public List<Message> findAll(Collection<MessageId> ids) {
      calls.add("findAll");
      return real.findAll(ids);
    }

    @Override
    public Optional<Message> advance(MessageId id, DeliveryStatus status) {
      calls.add("advance");
      return real.advance(id, status);
    }

    @Override
    public Optional<Message> advanceFor(UserId recipient, MessageId id, DeliveryStatus status) {
      calls.add("advanceFor");
      return real.advanceFor(recipient, id, status);
    }

    @Override
    public List<Optional<Message>> advanceAllFor(
        UserId recipient, List<MessageId> ids, DeliveryStatus status) {
      calls.add("advanceAllFor");
      return real.advanceAllFor(recipient, ids, status);
    }

    @Override
    public HistoryPage history(UserId user, SyncCursor cursor, int limit) {
      calls.add("history");
      return real.history(user, cursor, limit);
    }

    @Override
    public List<Message> undelivered(UserId recipient, Optional<MessageId> after, int limit) {
      calls.add("undelivered");
      return real.undelivered(recipient, after, limit);
    }
  }

  private static AcknowledgeCommand ack(UserId who, MessageId id, DeliveryStatus status) {
    return new AcknowledgeCommand(who, id, status);
  }
}
