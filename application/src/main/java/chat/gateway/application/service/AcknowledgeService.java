package chat.gateway.application.service;

import chat.gateway.application.port.in.AcknowledgeUseCase;
import chat.gateway.application.port.in.Requester;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.PushRouter;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.delivery.AckDecision;
import chat.gateway.domain.delivery.DeliveryRules;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.Optional;

/** Applies a recipient's Ack and tells the sender. */
public final class AcknowledgeService implements AcknowledgeUseCase {

  private final MessageStore store;
  private final PushRouter router;

  public AcknowledgeService(MessageStore store, PushRouter router) {
    this.store = store;
    this.router = router;
  }

  @Override
  public void acknowledge(Requester recipient, ClientPayload.Ack ack) {
    Optional<DeliveryStatus> requested = DeliveryStatus.fromWire(ack.status());
    if (requested.isEmpty()) {
      recipient.fail(ErrorCode.WS_INVALID_PAYLOAD, "'status' must be delivered or read");
      return;
    }
    Optional<Message> message =
        ack.messageId() > 0 ? store.find(MessageId.of(ack.messageId())) : Optional.empty();
    if (message.isEmpty()) {
      recipient.fail(ErrorCode.WS_INVALID_PAYLOAD, "no message " + ack.messageId());
      return;
    }
    switch (DeliveryRules.decide(message.get(), recipient.user(), requested.get())) {
      case AckDecision.NotRecipient n ->
          recipient.fail(ErrorCode.WS_INVALID_PAYLOAD, "no message " + ack.messageId());
      case AckDecision.InvalidStatus i ->
          recipient.fail(ErrorCode.WS_INVALID_PAYLOAD, "'status' must be delivered or read");
      case AckDecision.Unchanged u -> {
        // Already there: acks are idempotent.
      }
      case AckDecision.Advance advance ->
          store
              .advance(message.get().id(), advance.status())
              .ifPresent(
                  moved ->
                      router.push(
                          moved.from(),
                          new ServerPayload.ReceiptPush(moved.id(), moved.to(), moved.status()),
                          Optional.empty()));
    }
  }
}
