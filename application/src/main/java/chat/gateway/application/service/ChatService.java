package chat.gateway.application.service;

import chat.gateway.application.port.in.Requester;
import chat.gateway.application.port.in.SendChatUseCase;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.NewMessage;
import chat.gateway.application.port.out.PushRouter;
import chat.gateway.application.port.out.StoreResult;
import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Limits;
import chat.gateway.domain.Message;
import chat.gateway.domain.delivery.ChatRules;
import chat.gateway.domain.delivery.ChatValidation;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Stores a chat message, then acknowledges it to the sender, then pushes it. */
public final class ChatService implements SendChatUseCase {

  private final MessageStore store;
  private final UserDirectory directory;
  private final PushRouter router;
  private final InstantSource clock;
  private final Limits limits;

  public ChatService(
      MessageStore store,
      UserDirectory directory,
      PushRouter router,
      InstantSource clock,
      Limits limits) {
    this.store = store;
    this.directory = directory;
    this.router = router;
    this.clock = clock;
    this.limits = limits;
  }

  @Override
  public void send(Requester sender, ClientPayload.Chat chat) {
    switch (ChatRules.validate(chat, limits)) {
      case ChatValidation.Invalid invalid -> sender.fail(invalid.code(), invalid.reason());
      case ChatValidation.Valid valid -> {
        if (!directory.exists(valid.to())) {
          sender.fail(ErrorCode.WS_USER_NOT_FOUND, "user " + valid.to() + " does not exist");
          return;
        }
        StoreResult result =
            store.store(
                new NewMessage(
                    sender.user(),
                    valid.to(),
                    valid.type(),
                    valid.content(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS),
                    valid.clientMsgId()));
        Message message = result.message();
        sender.reply(
            new ServerPayload.ChatAck(message.id(), message.clientMsgId(), message.createdAt()));
        // A retry may follow a push that never happened (the sender lost the connection before the
        // ack); pushing again is harmless because clients de-duplicate by message id.
        if (!result.duplicate() || message.status() == DeliveryStatus.SENT) {
          fanOut(sender, message);
        }
      }
    }
  }

  private void fanOut(Requester sender, Message message) {
    ServerPayload.ChatPush push = new ServerPayload.ChatPush(message);
    if (message.to().equals(message.from())) {
      router.push(message.to(), push, Optional.of(sender.connection().id()));
      return;
    }
    router.push(message.to(), push, Optional.empty());
    router.push(message.from(), push, Optional.of(sender.connection().id()));
  }
}
