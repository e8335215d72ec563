package chat.gateway.application.service;

import chat.gateway.application.port.in.ChatOutcome;
import chat.gateway.application.port.in.SendChatCommand;
import chat.gateway.application.port.in.SendChatUseCase;
import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.NewMessage;
import chat.gateway.application.port.out.StoreResult;
import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/** Stores a chat message; once the sender has its ChatAck, pushes it. */
public final class ChatService implements SendChatUseCase {

  private final MessageStore store;
  private final UserDirectory directory;
  private final EventRouting router;
  private final InstantSource clock;

  public ChatService(
      MessageStore store, UserDirectory directory, EventRouting router, InstantSource clock) {
    this.store = store;
    this.directory = directory;
    this.router = router;
    this.clock = clock;
  }

  @Override
  public ChatOutcome send(SendChatCommand command) {
    if (!directory.exists(command.to())) {
      return new ChatOutcome.Refused(
          ErrorCode.WS_USER_NOT_FOUND, "user " + command.to() + " does not exist");
    }
    StoreResult result =
        store.store(
            new NewMessage(
                command.sender(),
                command.to(),
                command.type(),
                command.content(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                command.clientMsgId()));
    return result.duplicate()
        ? new ChatOutcome.Duplicate(result.message(), command.origin())
        : new ChatOutcome.Stored(result.message(), command.origin());
  }

  @Override
  public void push(ChatOutcome.Accepted accepted) {
    Message message = accepted.message();
    // A retry may follow a push that never happened (the sender lost the connection before the
    // ack); pushing again is harmless because clients de-duplicate by message id.
    if (accepted instanceof ChatOutcome.Duplicate && message.status() != DeliveryStatus.SENT) {
      return;
    }
    // One event for the recipient's connections and the sender's others, wherever they are.
    Set<UserId> targets =
        message.to().equals(message.from())
            ? Set.of(message.to())
            : Set.of(message.to(), message.from());
    router.route(new ClusterEvent.MessageStored(targets, message, Optional.of(accepted.origin())));
  }
}
