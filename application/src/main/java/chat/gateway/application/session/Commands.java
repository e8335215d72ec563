package chat.gateway.application.session;

import chat.gateway.application.port.in.AcknowledgeCommand;
import chat.gateway.application.port.in.ChoosePresenceCommand;
import chat.gateway.application.port.in.SendChatCommand;
import chat.gateway.application.port.in.SyncCommand;
import chat.gateway.application.port.in.WatchPresenceCommand;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Limits;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.delivery.ChatRules;
import chat.gateway.domain.delivery.ChatValidation;
import chat.gateway.domain.protocol.ClientPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a request's wire values (status names, raw ids, cursors) become the domain values of a
 * command, or a refusal: use cases never see the wire.
 */
final class Commands {

  /** Message ids one Ack may carry, {@code message_id} and {@code message_ids} together. */
  static final int MAX_ACK_IDS = 1_000;

  private Commands() {}

  /** A command, or why the request cannot become one. */
  sealed interface Read<T> {
    record Command<T>(T command) implements Read<T> {
      public Command {
        Objects.requireNonNull(command, "command");
      }
    }

    record Invalid<T>(ErrorCode code, String reason) implements Read<T> {}
  }

  static Read<SendChatCommand> chat(
      UserId sender, ConnectionId origin, ClientPayload.Chat chat, Limits limits) {
    return switch (ChatRules.validate(chat, limits)) {
      case ChatValidation.Invalid invalid -> new Read.Invalid<>(invalid.code(), invalid.reason());
      case ChatValidation.Valid valid ->
          new Read.Command<>(
              new SendChatCommand(
                  sender, origin, valid.to(), valid.type(), valid.content(), valid.clientMsgId()));
    };
  }

  static Read<AcknowledgeCommand> ack(UserId recipient, ClientPayload.Ack ack) {
    Optional<DeliveryStatus> status = DeliveryStatus.fromWire(ack.status());
    if (status.isEmpty()) {
      return invalid("'status' must be delivered or read");
    }
    if (ack.messageId() <= 0) {
      return invalid("no message " + ack.messageId());
    }
    return new Read.Command<>(
        new AcknowledgeCommand(recipient, MessageId.of(ack.messageId()), status.get()));
  }

  /**
   * An Ack of one message or, with the batch extension, of many with the same status: one command
   * per id, {@code message_id} (when set) first, then {@code message_ids} in their order.
   */
  static Read<List<AcknowledgeCommand>> acks(UserId recipient, ClientPayload.Ack ack) {
    if (ack.messageIds().isEmpty()) {
      return switch (ack(recipient, ack)) {
        case Read.Command<AcknowledgeCommand> one -> new Read.Command<>(List.of(one.command()));
        case Read.Invalid<AcknowledgeCommand> invalid ->
            new Read.Invalid<>(invalid.code(), invalid.reason());
      };
    }
    Optional<DeliveryStatus> status = DeliveryStatus.fromWire(ack.status());
    if (status.isEmpty()) {
      return invalid("'status' must be delivered or read");
    }
    if (ack.count() > MAX_ACK_IDS) {
      return invalid("an Ack carries at most " + MAX_ACK_IDS + " message ids");
    }
    List<AcknowledgeCommand> commands = new ArrayList<>(ack.count());
    if (ack.messageId() != 0) {
      if (ack.messageId() < 0) {
        return invalid("no message " + ack.messageId());
      }
      commands.add(new AcknowledgeCommand(recipient, MessageId.of(ack.messageId()), status.get()));
    }
    for (long id : ack.messageIds()) {
      if (id <= 0) {
        return invalid("no message " + id);
      }
      commands.add(new AcknowledgeCommand(recipient, MessageId.of(id), status.get()));
    }
    return new Read.Command<>(commands);
  }

  /** The cursor is the message id when non-zero, else the time when non-zero. */
  static Read<SyncCommand> sync(UserId user, ClientPayload.SyncReq request) {
    if (request.lastMessageId() < 0 || request.lastSyncTime() < 0) {
      return invalid("cursors must not be negative");
    }
    Optional<MessageId> afterMessage =
        Optional.of(request.lastMessageId()).filter(id -> id > 0).map(MessageId::of);
    Optional<Instant> afterTime =
        afterMessage.isPresent()
            ? Optional.empty()
            : Optional.of(request.lastSyncTime()).filter(t -> t > 0).map(Instant::ofEpochMilli);
    return new Read.Command<>(new SyncCommand(user, afterMessage, afterTime));
  }

  static Read<ChoosePresenceCommand> presence(UserId user, ClientPayload.Presence presence) {
    return PresenceStatus.fromWire(presence.status())
        .<Read<ChoosePresenceCommand>>map(
            status -> new Read.Command<>(new ChoosePresenceCommand(user, status)))
        .orElseGet(() -> invalid("'status' must be online, offline or away"));
  }

  static Read<WatchPresenceCommand> watch(
      UserId watcher, ConnectionId connection, ClientPayload.PresenceSub subscription) {
    List<UserId> subjects = new ArrayList<>(subscription.userIds().size());
    for (long id : subscription.userIds()) {
      if (id <= 0) {
        return invalid("'user_ids' must be positive user ids");
      }
      subjects.add(UserId.of(id));
    }
    return new Read.Command<>(new WatchPresenceCommand(watcher, connection, subjects));
  }

  private static <T> Read<T> invalid(String reason) {
    return new Read.Invalid<>(ErrorCode.WS_INVALID_PAYLOAD, reason);
  }
}
