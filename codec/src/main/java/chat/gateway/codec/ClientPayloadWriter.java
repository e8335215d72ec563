package chat.gateway.codec;

import chat.gateway.domain.protocol.ClientPayload;
import java.io.IOException;
import org.msgpack.core.MessagePacker;

/**
 * Client payloads as a Go client lays them out: keys in struct order, raw wire values, and {@code
 * client_msg_id} left out when empty, as Go's omitempty does.
 */
final class ClientPayloadWriter {

  private ClientPayloadWriter() {}

  static void write(ClientPayload payload, MessagePacker out) throws IOException {
    switch (payload) {
      case ClientPayload.Auth auth -> {
        // The resume point is an extension, left out when absent (omitempty).
        out.packMapHeader(auth.lastMessageId() == 0 ? 1 : 2);
        Keys.pack(out, Keys.TOKEN).packString(auth.token());
        if (auth.lastMessageId() != 0) {
          Keys.pack(out, Keys.LAST_MESSAGE_ID).packLong(auth.lastMessageId());
        }
      }
      case ClientPayload.Chat chat -> chat(chat, out);
      case ClientPayload.Ack ack -> {
        // The batch is an extension, left out when empty (omitempty).
        out.packMapHeader(ack.messageIds().isEmpty() ? 2 : 3);
        Keys.pack(out, Keys.MESSAGE_ID).packLong(ack.messageId());
        Keys.pack(out, Keys.STATUS).packString(ack.status());
        if (!ack.messageIds().isEmpty()) {
          Keys.pack(out, Keys.MESSAGE_IDS).packArrayHeader(ack.messageIds().size());
          for (long id : ack.messageIds()) {
            out.packLong(id);
          }
        }
      }
      case ClientPayload.SyncReq sync -> {
        out.packMapHeader(2);
        Keys.pack(out, Keys.LAST_MESSAGE_ID).packLong(sync.lastMessageId());
        Keys.pack(out, Keys.LAST_SYNC_TIME).packLong(sync.lastSyncTime());
      }
      case ClientPayload.Presence presence -> {
        out.packMapHeader(1);
        Keys.pack(out, Keys.STATUS).packString(presence.status());
      }
      case ClientPayload.Ping ping -> out.packMapHeader(0);
      case ClientPayload.PresenceSub sub -> {
        out.packMapHeader(1);
        Keys.pack(out, Keys.USER_IDS).packArrayHeader(sub.userIds().size());
        for (long userId : sub.userIds()) {
          out.packLong(userId);
        }
      }
    }
  }

  private static void chat(ClientPayload.Chat chat, MessagePacker out) throws IOException {
    String clientMsgId = chat.clientMsgId().orElse("");
    out.packMapHeader(clientMsgId.isEmpty() ? 3 : 4);
    Keys.pack(out, Keys.TO).packLong(chat.to());
    Keys.pack(out, Keys.TYPE).packString(chat.contentType());
    Keys.pack(out, Keys.CONTENT).packString(chat.content());
    if (!clientMsgId.isEmpty()) {
      Keys.pack(out, Keys.CLIENT_MSG_ID).packString(clientMsgId);
    }
  }
}
