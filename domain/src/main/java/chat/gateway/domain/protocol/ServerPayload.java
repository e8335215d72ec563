package chat.gateway.domain.protocol;

import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the gateway sends. */
public sealed interface ServerPayload {

  FrameType type();

  /** {@code 101 AuthRsp}: the user on success, the reason on failure. */
  record AuthRsp(boolean success, Optional<UserId> userId, Optional<String> error)
      implements ServerPayload {
    public AuthRsp {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(error, "error");
      if (success != userId.isPresent() || success == error.isPresent()) {
        throw new IllegalArgumentException("success carries a user id, failure an error");
      }
    }

    public static AuthRsp ok(UserId user) {
      return new AuthRsp(true, Optional.of(user), Optional.empty());
    }

    public static AuthRsp failed(String error) {
      return new AuthRsp(false, Optional.empty(), Optional.of(error));
    }

    @Override
    public FrameType type() {
      return FrameType.AUTH_RSP;
    }
  }

  /** {@code 102 ChatPush}: one message, its payload the {@code Message} map. */
  record ChatPush(Message message) implements ServerPayload {
    public ChatPush {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public FrameType type() {
      return FrameType.CHAT_PUSH;
    }
  }

  /** {@code 103 SyncRsp}: one page, oldest first. */
  record SyncRsp(List<Message> messages, boolean hasMore) implements ServerPayload {
    public SyncRsp {
      messages = List.copyOf(messages);
    }

    @Override
    public FrameType type() {
      return FrameType.SYNC_RSP;
    }
  }

  /** {@code 104 PresencePush}. */
  record PresencePush(UserId userId, PresenceStatus status) implements ServerPayload {
    public PresencePush {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(status, "status");
    }

    @Override
    public FrameType type() {
      return FrameType.PRESENCE_PUSH;
    }
  }

  /** {@code 105 Pong}. */
  record Pong() implements ServerPayload {
    @Override
    public FrameType type() {
      return FrameType.PONG;
    }
  }

  /** {@code 106 Error}. */
  record Error(ErrorCode code, String message) implements ServerPayload {
    public Error {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public FrameType type() {
      return FrameType.ERROR;
    }
  }

  /** {@code 107 ChatAck} (extension): the sender's message is durably stored. */
  record ChatAck(MessageId messageId, Optional<String> clientMsgId, Instant createdAt)
      implements ServerPayload {
    public ChatAck {
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(clientMsgId, "clientMsgId");
      Objects.requireNonNull(createdAt, "createdAt");
      clientMsgId = clientMsgId.filter(id -> !id.isEmpty());
      createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public FrameType type() {
      return FrameType.CHAT_ACK;
    }
  }

  /** {@code 108 ReceiptPush} (extension): {@code userId} moved the message to {@code status}. */
  record ReceiptPush(MessageId messageId, UserId userId, DeliveryStatus status)
      implements ServerPayload {
    public ReceiptPush {
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(status, "status");
    }

    @Override
    public FrameType type() {
      return FrameType.RECEIPT_PUSH;
    }
  }
}
