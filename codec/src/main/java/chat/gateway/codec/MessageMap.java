package chat.gateway.codec;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import java.io.IOException;
import java.time.Instant;
import org.msgpack.core.MessagePacker;

/**
 * A {@link Message} as its map: the ChatPush payload and each element of SyncRsp's messages, in the
 * Go struct's field order; {@code client_msg_id} is omitted when empty, as Go's omitempty does.
 */
final class MessageMap {

  private static final byte[][] KEYS = {
    Keys.ID,
    Keys.FROM,
    Keys.TO,
    Keys.TYPE,
    Keys.CONTENT,
    Keys.CREATED_AT,
    Keys.STATUS,
    Keys.CLIENT_MSG_ID
  };

  private MessageMap() {}

  static void write(Message message, MessagePacker out) throws IOException {
    String clientMsgId = message.clientMsgId().orElse("");
    out.packMapHeader(clientMsgId.isEmpty() ? 7 : 8);
    Keys.pack(out, Keys.ID).packLong(message.id().value());
    Keys.pack(out, Keys.FROM).packLong(message.from().value());
    Keys.pack(out, Keys.TO).packLong(message.to().value());
    Keys.pack(out, Keys.TYPE).packString(message.type().wireName());
    Keys.pack(out, Keys.CONTENT).packString(message.content());
    Keys.pack(out, Keys.CREATED_AT).packLong(message.createdAt().toEpochMilli());
    Keys.pack(out, Keys.STATUS).packString(message.status().wireName());
    if (!clientMsgId.isEmpty()) {
      Keys.pack(out, Keys.CLIENT_MSG_ID).packString(clientMsgId);
    }
  }

  /** Reads one message map; {@code what} names it in the reason of a failure. */
  static Message read(FieldReader in, String what) throws WireException, IOException {
    long id = 0;
    long from = 0;
    long to = 0;
    String type = "";
    String content = "";
    long createdAt = 0;
    String status = "";
    String clientMsgId = "";
    for (int entries = in.readMapHeader(what); entries > 0; entries--) {
      switch (in.readKey(KEYS)) {
        case 0 -> id = in.readLong("id", true);
        case 1 -> from = in.readLong("from", true);
        case 2 -> to = in.readLong("to", true);
        case 3 -> type = in.readString("type");
        case 4 -> content = in.readString("content");
        case 5 -> createdAt = in.readLong("created_at", true);
        case 6 -> status = in.readString("status");
        case 7 -> clientMsgId = in.readString("client_msg_id");
        default -> in.skipValue();
      }
    }
    ContentType contentType = Values.contentType(type);
    DeliveryStatus deliveryStatus = Values.deliveryStatus(status);
    return new Message(
        Values.messageId(id, "id"),
        Values.userId(from, "from"),
        Values.userId(to, "to"),
        contentType,
        content,
        Instant.ofEpochMilli(createdAt),
        deliveryStatus,
        Values.nonEmpty(clientMsgId));
  }
}
