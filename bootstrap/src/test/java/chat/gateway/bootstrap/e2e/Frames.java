package chat.gateway.bootstrap.e2e;

import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.Optional;
import java.util.function.Predicate;

/** Small builders and matchers for frames in end-to-end tests. */
final class Frames {

  private Frames() {}

  static ClientPayload.Chat text(long to, String content) {
    return new ClientPayload.Chat(to, "text", content, Optional.empty());
  }

  static ClientPayload.Chat text(long to, String content, String clientMsgId) {
    return new ClientPayload.Chat(to, "text", content, Optional.of(clientMsgId));
  }

  /** Matches a ChatPush of the message with this id. */
  static Predicate<ServerFrame> chatPushOf(MessageId id) {
    return frame ->
        frame.payload() instanceof ServerPayload.ChatPush push && push.message().id().equals(id);
  }

  static Predicate<ServerFrame> ofType(FrameType type) {
    return frame -> frame.type() == type;
  }

  static Message message(ServerFrame frame) {
    return ((ServerPayload.ChatPush) frame.payload()).message();
  }

  /** Sends a text chat and returns its ChatAck, checking the ack echoes the request's seq. */
  static ServerPayload.ChatAck sendText(TestClient from, long to, String content) {
    long seq = from.send(text(to, content));
    ServerFrame ack =
        from.await(
            frame -> frame.type() == FrameType.CHAT_ACK && frame.seq() == seq,
            "ChatAck for seq " + seq);
    return (ServerPayload.ChatAck) ack.payload();
  }
}
