package chat.gateway.codec;

import chat.gateway.domain.Message;
import chat.gateway.domain.protocol.ServerPayload;
import java.io.IOException;
import org.msgpack.core.MessagePacker;

/**
 * Server payloads as the Go client's structs expect them: keys in struct order, enums by wire name
 * (ErrorCode by constant name), instants as unix milliseconds, and omitempty fields left out when
 * absent. msgpack-core packs every integer and header in its smallest form.
 */
final class ServerPayloadWriter {

  private ServerPayloadWriter() {}

  static void write(ServerPayload payload, MessagePacker out) throws IOException {
    switch (payload) {
      case ServerPayload.AuthRsp rsp -> authRsp(rsp, out);
      case ServerPayload.ChatPush push -> MessageMap.write(push.message(), out);
      case ServerPayload.SyncRsp rsp -> {
        out.packMapHeader(2);
        Keys.pack(out, Keys.MESSAGES).packArrayHeader(rsp.messages().size());
        for (Message message : rsp.messages()) {
          MessageMap.write(message, out);
        }
        Keys.pack(out, Keys.HAS_MORE).packBoolean(rsp.hasMore());
      }
      case ServerPayload.PresencePush push -> {
        out.packMapHeader(2);
        Keys.pack(out, Keys.USER_ID).packLong(push.userId().value());
        Keys.pack(out, Keys.STATUS).packString(push.status().wireName());
      }
      case ServerPayload.Pong pong -> out.packMapHeader(0);
      case ServerPayload.Error error -> {
        out.packMapHeader(2);
        Keys.pack(out, Keys.CODE).packString(error.code().name());
        Keys.pack(out, Keys.MESSAGE).packString(error.message());
      }
      case ServerPayload.ChatAck ack -> chatAck(ack, out);
      case ServerPayload.ReceiptPush push -> {
        out.packMapHeader(3);
        Keys.pack(out, Keys.MESSAGE_ID).packLong(push.messageId().value());
        Keys.pack(out, Keys.USER_ID).packLong(push.userId().value());
        Keys.pack(out, Keys.STATUS).packString(push.status().wireName());
      }
    }
  }

  private static void authRsp(ServerPayload.AuthRsp rsp, MessagePacker out) throws IOException {
    out.packMapHeader(1 + (rsp.userId().isPresent() ? 1 : 0) + (rsp.error().isPresent() ? 1 : 0));
    Keys.pack(out, Keys.SUCCESS).packBoolean(rsp.success());
    if (rsp.userId().isPresent()) {
      Keys.pack(out, Keys.USER_ID).packLong(rsp.userId().get().value());
    }
    if (rsp.error().isPresent()) {
      Keys.pack(out, Keys.ERROR).packString(rsp.error().get());
    }
  }

  private static void chatAck(ServerPayload.ChatAck ack, MessagePacker out) throws IOException {
    String clientMsgId = ack.clientMsgId().orElse("");
    out.packMapHeader(clientMsgId.isEmpty() ? 2 : 3);
    Keys.pack(out, Keys.MESSAGE_ID).packLong(ack.messageId().value());
    if (!clientMsgId.isEmpty()) {
      Keys.pack(out, Keys.CLIENT_MSG_ID).packString(clientMsgId);
    }
    Keys.pack(out, Keys.CREATED_AT).packLong(ack.createdAt().toEpochMilli());
  }
}
