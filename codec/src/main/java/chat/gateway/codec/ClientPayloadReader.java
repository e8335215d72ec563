package chat.gateway.codec;

import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Client payload maps into {@link ClientPayload}s with Go's zero-value semantics: a missing or nil
 * field is 0, "", false or empty, since the gateway validates values and a Go client omits empty
 * ones. Only shapes fail here.
 */
final class ClientPayloadReader {

  static final String PAYLOAD = "the payload";

  private static final byte[][] AUTH = {Keys.TOKEN, Keys.LAST_MESSAGE_ID};
  private static final byte[][] CHAT = {Keys.TO, Keys.TYPE, Keys.CONTENT, Keys.CLIENT_MSG_ID};
  private static final byte[][] ACK = {Keys.MESSAGE_ID, Keys.STATUS, Keys.MESSAGE_IDS};
  private static final byte[][] SYNC_REQ = {Keys.LAST_MESSAGE_ID, Keys.LAST_SYNC_TIME};
  private static final byte[][] PRESENCE = {Keys.STATUS};
  private static final byte[][] PRESENCE_SUB = {Keys.USER_IDS};

  private ClientPayloadReader() {}

  static ClientPayload read(FrameType type, FieldReader in) throws WireException, IOException {
    return switch (type) {
      case AUTH -> auth(in);
      case CHAT -> chat(in);
      case ACK -> ack(in);
      case SYNC_REQ -> syncReq(in);
      case PRESENCE -> presence(in);
      case PING -> ping(in);
      case PRESENCE_SUB -> presenceSub(in);
      default -> throw new IllegalArgumentException(type + " is not a client frame type");
    };
  }

  private static ClientPayload auth(FieldReader in) throws WireException, IOException {
    String token = "";
    long lastMessageId = 0;
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      switch (in.readKey(AUTH)) {
        case 0 -> token = in.readString("token");
        case 1 -> lastMessageId = in.readLong("last_message_id", true);
        default -> in.skipValue();
      }
    }
    return new ClientPayload.Auth(token, lastMessageId);
  }

  private static ClientPayload chat(FieldReader in) throws WireException, IOException {
    long to = 0;
    String type = "";
    String content = "";
    String clientMsgId = "";
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      switch (in.readKey(CHAT)) {
        case 0 -> to = in.readLong("to", true);
        case 1 -> type = in.readString("type");
        case 2 -> content = in.readString("content");
        case 3 -> clientMsgId = in.readString("client_msg_id");
        default -> in.skipValue();
      }
    }
    return new ClientPayload.Chat(to, type, content, Values.nonEmpty(clientMsgId));
  }

  private static ClientPayload ack(FieldReader in) throws WireException, IOException {
    long messageId = 0;
    String status = "";
    List<Long> messageIds = List.of();
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      switch (in.readKey(ACK)) {
        case 0 -> messageId = in.readLong("message_id", true);
        case 1 -> status = in.readString("status");
        case 2 -> messageIds = longs(in, "message_ids");
        default -> in.skipValue();
      }
    }
    return new ClientPayload.Ack(messageId, status, messageIds);
  }

  private static ClientPayload syncReq(FieldReader in) throws WireException, IOException {
    long lastMessageId = 0;
    long lastSyncTime = 0;
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      switch (in.readKey(SYNC_REQ)) {
        case 0 -> lastMessageId = in.readLong("last_message_id", true);
        case 1 -> lastSyncTime = in.readLong("last_sync_time", true);
        default -> in.skipValue();
      }
    }
    return new ClientPayload.SyncReq(lastMessageId, lastSyncTime);
  }

  private static ClientPayload presence(FieldReader in) throws WireException, IOException {
    String status = "";
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      if (in.readKey(PRESENCE) == 0) {
        status = in.readString("status");
      } else {
        in.skipValue();
      }
    }
    return new ClientPayload.Presence(status);
  }

  private static ClientPayload ping(FieldReader in) throws WireException, IOException {
    in.skipMapIfAny(PAYLOAD);
    return new ClientPayload.Ping();
  }

  private static ClientPayload presenceSub(FieldReader in) throws WireException, IOException {
    List<Long> userIds = List.of();
    for (int entries = in.readMapHeader(PAYLOAD); entries > 0; entries--) {
      if (in.readKey(PRESENCE_SUB) == 0) {
        userIds = longs(in, "user_ids");
      } else {
        in.skipValue();
      }
    }
    return new ClientPayload.PresenceSub(userIds);
  }

  /** An array of int64 (nil: empty); its header is checked against the bytes left. */
  private static List<Long> longs(FieldReader in, String field) throws WireException, IOException {
    int count = in.readArrayHeader(field);
    List<Long> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(in.readLong(field, true));
    }
    return values;
  }
}
