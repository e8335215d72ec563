package chat.gateway.application.service;

import chat.gateway.application.port.in.AckOutcome;
import chat.gateway.application.port.in.AcknowledgeCommand;
import chat.gateway.application.port.in.AcknowledgeUseCase;
import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.delivery.AckDecision;
import chat.gateway.domain.delivery.DeliveryRules;
import java.util.Optional;
import java.util.Set;

/** Applies a recipient's Ack and tells the sender. */
public final class AcknowledgeService implements AcknowledgeUseCase {

  private static final String INVALID_STATUS = "'status' must be delivered or read";

  private final MessageStore store;
  private final EventRouting router;

  public AcknowledgeService(MessageStore store, EventRouting router) {
    this.store = store;
    this.router = router;
  }

  @Override
  public AckOutcome acknowledge(AcknowledgeCommand command) {
    if (command.status() != DeliveryStatus.SENT) {
      // The usual case in one call: the recipient moves its message forward.
      Optional<Message> moved =
          store.advanceFor(command.recipient(), command.messageId(), command.status());
      if (moved.isPresent()) {
        return advanced(moved.get());
      }
    }
    // Nothing moved: the rules tell why (unknown, another's, invalid, or already there).
    Optional<Message> message = store.find(command.messageId());
    if (message.isEmpty()) {
      return noSuchMessage(command);
    }
    return switch (DeliveryRules.decide(message.get(), command.recipient(), command.status())) {
      // Another user's message is not told apart from a missing one.
      case AckDecision.NotRecipient n -> noSuchMessage(command);
      case AckDecision.InvalidStatus i ->
          new AckOutcome.Refused(ErrorCode.WS_INVALID_PAYLOAD, INVALID_STATUS);
      case AckDecision.Unchanged u -> new AckOutcome.Unchanged();
      // advanceFor moved nothing and a status never moves back: a concurrent Ack moved it first,
      // and the one that moved it told the sender.
      case AckDecision.Advance a -> new AckOutcome.Unchanged();
    };
  }

  private static AckOutcome noSuchMessage(AcknowledgeCommand command) {
    return new AckOutcome.Refused(
        ErrorCode.WS_INVALID_PAYLOAD, "no message " + command.messageId());
  }

  private AckOutcome advanced(Message now) {
    router.route(
        new ClusterEvent.ReceiptAdvanced(Set.of(now.from()), now.id(), now.to(), now.status()));
    return new AckOutcome.Advanced(now);
  }
}
