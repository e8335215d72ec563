package chat.gateway.domain.protocol;

import chat.gateway.domain.MessageId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client sends, as it arrived: field values are exactly the wire's (Go zero values where a
 * field was absent). The gateway validates them into domain types; the codec only checks shapes.
 */
public sealed interface ClientPayload {

  FrameType type();

  /**
   * What an authenticated connection asks for: every request but {@link Auth}, which only opens a
   * session.
   */
  sealed interface SessionRequest extends ClientPayload {}

  /**
   * {@code 1 Auth}. {@code lastMessageId} is the extension's resume point: the highest message id a
   * reconnecting client holds, which it syncs from itself; 0 (absent) for none.
   */
  record Auth(String token, long lastMessageId) implements ClientPayload {
    public Auth {
      Objects.requireNonNull(token, "token");
    }

    /** An Auth without a resume point, as the seed's clients send it. */
    public Auth(String token) {
      this(token, 0);
    }

    /** The resume point, when the client gave one (a positive id). */
    public Optional<MessageId> resumePoint() {
      return lastMessageId > 0 ? Optional.of(MessageId.of(lastMessageId)) : Optional.empty();
    }

    @Override
    public FrameType type() {
      return FrameType.AUTH;
    }

    @Override
    public String toString() {
      return "Auth[token=<"
          + token.length()
          + " chars>"
          + (lastMessageId == 0 ? "" : ", lastMessageId=" + lastMessageId)
          + "]";
    }
  }

  /** {@code 2 Chat}; {@code clientMsgId} is the extension's idempotency key. */
  record Chat(long to, String contentType, String content, Optional<String> clientMsgId)
      implements SessionRequest {
    public Chat {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(clientMsgId, "clientMsgId");
      clientMsgId = clientMsgId.filter(id -> !id.isEmpty());
    }

    @Override
    public FrameType type() {
      return FrameType.CHAT;
    }
  }

  /**
   * {@code 3 Ack}: {@code status} is "delivered" or "read". {@code messageIds} is the extension's
   * batch: further messages acknowledged with the same status in the same frame.
   */
  record Ack(long messageId, String status, List<Long> messageIds) implements SessionRequest {
    public Ack {
      Objects.requireNonNull(status, "status");
      messageIds = List.copyOf(messageIds);
    }

    /** One message, as the seed's clients ack. */
    public Ack(long messageId, String status) {
      this(messageId, status, List.of());
    }

    /** How many messages this frame acknowledges: {@code messageId} when set, and the batch. */
    public int count() {
      return (messageId != 0 ? 1 : 0) + messageIds.size();
    }

    @Override
    public FrameType type() {
      return FrameType.ACK;
    }
  }

  /** {@code 4 SyncReq}: the cursor is {@code lastMessageId} when non-zero, else the time. */
  record SyncReq(long lastMessageId, long lastSyncTime) implements SessionRequest {
    @Override
    public FrameType type() {
      return FrameType.SYNC_REQ;
    }
  }

  /** {@code 5 Presence}: "online", "offline" or "away". */
  record Presence(String status) implements SessionRequest {
    public Presence {
      Objects.requireNonNull(status, "status");
    }

    @Override
    public FrameType type() {
      return FrameType.PRESENCE;
    }
  }

  /** {@code 6 Ping}. */
  record Ping() implements SessionRequest {
    @Override
    public FrameType type() {
      return FrameType.PING;
    }
  }

  /** {@code 7 PresenceSub} (extension): the connection's new watch list. */
  record PresenceSub(List<Long> userIds) implements SessionRequest {
    public PresenceSub {
      userIds = List.copyOf(userIds);
    }

    @Override
    public FrameType type() {
      return FrameType.PRESENCE_SUB;
    }
  }
}
