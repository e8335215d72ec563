package chat.gateway.codec;

import chat.gateway.domain.Message;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerPayload;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Server payload maps into {@link ServerPayload}s. Unlike client payloads these are domain-typed,
 * so an id that is not positive or an enum name the domain does not know fails here, with
 * WS_INVALID_PAYLOAD, rather than as a domain constructor's exception.
 */
final class ServerPayloadReader {

  private static final String PAYLOAD = ClientPayloadReader.PAYLOAD;

  private static final byte[][] AUTH_RSP = {Keys.SUCCESS, Keys.USER_ID, Keys.ERROR};
  private static final byte[][] SYNC_RSP = {Keys.MESSAGES, Keys.HAS_MORE};
  private static final byte[][] PRESENCE_PUSH = {Keys.USER_ID, Keys.STATUS};
  private static final byte[][] ERROR = {Keys.CODE, Keys.MESSAGE};
  private static final byte[][] CHAT_ACK = {Keys.MESSAGE_ID, Keys.CLIENT_MSG_ID, Keys.CREATED_AT};
  private static final byte[][] RECEIPT_PUSH = {Keys.MESSAGE_ID, Keys.USER_ID, Keys.STATUS};

  private ServerPayloadReader() {}

  static ServerPayload read(FrameType type, FieldReader in) throws WireException, IOException {
    return switch (type) {
      case AUTH_RSP -> authRsp(in);
      case CHAT_PUSH -> new ServerPayload.ChatPush(MessageMap.read(in, PAYLOAD));
      case SYNC_RSP -> syncRsp(in);
      case PRESENCE_PUSH -> presencePush(in);
      case PONG -> pong(in);
      case ERROR -> error(in);
      case CHAT_ACK -> chatAck(in);
      case RECEIPT_PUSH -> receiptPush(in);
      default -> throw new IllegalArgumentException(type + " is not a server frame type");
    };
  }

  private static ServerPayload authRsp(FieldReader in) throws WireException, IOException {
    boolean success = false;
    long userId = 0;
    String error = "";
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      switch (in.readKey(AUTH_RSP)) {
        case 0 -> success = in.readBool("success");
        case 1 -> userId = in.readLong("user_id", true);
        case 2 -> error = in.readString("error");
        default -> in.skipValue();
      }
    }
    if (success) {
      return ServerPayload.AuthRsp.ok(Values.userId(userId, "user_id"));
    }
    return ServerPayload.AuthRsp.failed(error);
  }

  private static ServerPayload syncRsp(FieldReader in) throws WireException, IOException {
    List<Message> messages = List.of();
    boolean hasMore = false;
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      switch (in.readKey(SYNC_RSP)) {
        case 0 -> messages = messages(in);
        case 1 -> hasMore = in.readBool("has_more");
        default -> in.skipValue();
      }
    }
    return new ServerPayload.SyncRsp(messages, hasMore);
  }

  private static List<Message> messages(FieldReader in) throws WireException, IOException {
    int count = in.readArrayHeader("messages");
    List<Message> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      messages.add(MessageMap.read(in, "each element of 'messages'"));
    }
    return messages;
  }

  private static ServerPayload presencePush(FieldReader in) throws WireException, IOException {
    long userId = 0;
    String status = "";
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      switch (in.readKey(PRESENCE_PUSH)) {
        case 0 -> userId = in.readLong("user_id", true);
        case 1 -> status = in.readString("status");
        default -> in.skipValue();
      }
    }
    return new ServerPayload.PresencePush(
        Values.userId(userId, "user_id"), Values.presenceStatus(status));
  }

  private static ServerPayload pong(FieldReader in) throws WireException, IOException {
    in.skipMapIfAny(PAYLOAD);
    return new ServerPayload.Pong();
  }

  private static ServerPayload error(FieldReader in) throws WireException, IOException {
    String code = "";
    String message = "";
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      switch (in.readKey(ERROR)) {
        case 0 -> code = in.readString("code");
        case 1 -> message = in.readString("message");
        default -> in.skipValue();
      }
    }
    return new ServerPayload.Error(Values.errorCode(code), message);
  }

  private static ServerPayload chatAck(FieldReader in) throws WireException, IOException {
    long messageId = 0;
    String clientMsgId = "";
    long createdAt = 0;
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      switch (in.readKey(CHAT_ACK)) {
        case 0 -> messageId = in.readLong("message_id", true);
        case 1 -> clientMsgId = in.readString("client_msg_id");
        case 2 -> createdAt = in.readLong("created_at", true);
        default -> in.skipValue();
      }
    }
    return new ServerPayload.ChatAck(
        Values.messageId(messageId, "message_id"),
        Values.nonEmpty(clientMsgId),
        Instant.ofEpochMilli(createdAt));
  }

  private static ServerPayload receiptPush(FieldReader in) throws WireException, IOException {
    long messageId = 0;
    long userId = 0;
    String status = "";
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      switch (in.readKey(RECEIPT_PUSH)) {
        case 0 -> messageId = in.readLong("message_id", true);
        case 1 -> userId = in.readLong("user_id", true);
        case 2 -> status = in.readString("status");
        default -> in.skipValue();
      }
    }
    return new ServerPayload.ReceiptPush(
        Values.messageId(messageId, "message_id"),
        Values.userId(userId, "user_id"),
        Values.deliveryStatus(status));
  }
}
