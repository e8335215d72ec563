package chat.gateway.application.service;

import chat.gateway.application.port.in.AckOutcome;
import chat.gateway.application.port.in.AcknowledgeCommand;
import chat.gateway.application.port.in.AcknowledgeUseCase;
import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.delivery.AckDecision;
import chat.gateway.domain.delivery.DeliveryRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a recipient's Acks and tells the senders. The ids of a batch Ack go to the store together
 * ({@link MessageStore#advanceAllFor}: one round trip on PostgreSQL), so a batch of 1,000 ids costs
 * about what one id costs; the outcome of each id is as if it had been acked alone.
 */
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
    return acknowledgeAll(List.of(command)).getFirst();
  }

  @Override
  public List<AckOutcome> acknowledgeAll(List<AcknowledgeCommand> commands) {
    List<AckOutcome> outcomes = new ArrayList<>(commands.size());
    int start = 0;
    while (start < commands.size()) {
      AcknowledgeCommand first = commands.get(start);
      int end = start + 1;
      while (end < commands.size()
          && commands.get(end).recipient().equals(first.recipient())
          && commands.get(end).status() == first.status()) {
        end++;
      }
      outcomes.addAll(
          acknowledgeRun(first.recipient(), first.status(), commands.subList(start, end)));
      start = end;
    }
    return outcomes;
  }

  /** Commands of one recipient and one status: one store call moves all that can move. */
  private List<AckOutcome> acknowledgeRun(
      UserId recipient, DeliveryStatus status, List<AcknowledgeCommand> run) {
    List<MessageId> ids = run.stream().map(AcknowledgeCommand::messageId).toList();
    // The usual case in one call: the recipient moves its messages forward. Status sent never
    // moves anything; the rules below refuse it.
    List<Optional<Message>> moved =
        status == DeliveryStatus.SENT
            ? Collections.nCopies(ids.size(), Optional.empty())
            : store.advanceAllFor(recipient, ids, status);
    if (moved.size() != ids.size()) {
      throw new IllegalStateException(
          "the store answered " + moved.size() + " outcomes for " + ids.size() + " ids");
    }
    // What did not move: the rules tell why (unknown, another's, invalid, or already there),
    // from the messages as they are now, read together.
    List<MessageId> unmoved = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (moved.get(i).isEmpty()) {
        unmoved.add(ids.get(i));
      }
    }
    Map<MessageId, Message> current = new HashMap<>();
    if (!unmoved.isEmpty()) {
      store.findAll(unmoved).forEach(message -> current.put(message.id(), message));
    }
    List<AckOutcome> outcomes = new ArrayList<>(ids.size());
    List<ClusterEvent> receipts = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Optional<Message> now = moved.get(i);
      if (now.isPresent()) {
        Message message = now.get();
        receipts.add(
            new ClusterEvent.ReceiptAdvanced(
                Set.of(message.from()), message.id(), message.to(), message.status()));
        outcomes.add(new AckOutcome.Advanced(message));
      } else {
        outcomes.add(explain(run.get(i), Optional.ofNullable(current.get(ids.get(i)))));
      }
    }
    if (!receipts.isEmpty()) {
      router.routeAll(receipts);
    }
    return outcomes;
  }

  /** Why an Ack moved nothing. */
  private static AckOutcome explain(AcknowledgeCommand command, Optional<Message> message) {
    if (message.isEmpty()) {
      return noSuchMessage(command);
    }
    return switch (DeliveryRules.decide(message.get(), command.recipient(), command.status())) {
      // Another user's message is not told apart from a missing one.
      case AckDecision.NotRecipient n -> noSuchMessage(command);
      case AckDecision.InvalidStatus i ->
          new AckOutcome.Refused(ErrorCode.WS_INVALID_PAYLOAD, INVALID_STATUS);
      case AckDecision.Unchanged u -> new AckOutcome.Unchanged();
      // The store moved nothing and a status never moves back: a concurrent Ack moved it first,
      // and the one that moved it told the sender.
      case AckDecision.Advance a -> new AckOutcome.Unchanged();
    };
  }

  private static AckOutcome noSuchMessage(AcknowledgeCommand command) {
    return new AckOutcome.Refused(
        ErrorCode.WS_INVALID_PAYLOAD, "no message " + command.messageId());
  }
}
