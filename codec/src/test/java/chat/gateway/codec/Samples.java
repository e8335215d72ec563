package chat.gateway.codec;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

/** Frames of every type, with the edge cases of sizes, signs and omitted fields. */
final class Samples {

  static final Instant CREATED = Instant.ofEpochMilli(1_700_000_000_000L);

  private Samples() {}

  static Message message(long id, Optional<String> clientMsgId) {
    return new Message(
        MessageId.of(id),
        UserId.of(7),
        UserId.of(9),
        ContentType.TEXT,
        "hi " + id,
        CREATED,
        DeliveryStatus.DELIVERED,
        clientMsgId);
  }

  static List<ClientFrame> clientFrames() {
    String big = "x".repeat(70_000);
    return List.of(
        new ClientFrame(1, new ClientPayload.Auth("header.claims.signature")),
        new ClientFrame(0, new ClientPayload.Auth("")),
        new ClientFrame(11, new ClientPayload.Auth("header.claims.signature", 1_820_672_000_001L)),
        new ClientFrame(2, new ClientPayload.Chat(9, "text", "héllo 👋", Optional.of("c-1"))),
        new ClientFrame(3, new ClientPayload.Chat(9, "voice", "media-1", Optional.empty())),
        new ClientFrame(-1, new ClientPayload.Chat(-5, "", "", Optional.empty())),
        new ClientFrame(Long.MAX_VALUE, new ClientPayload.Chat(9, "image", big, Optional.empty())),
        new ClientFrame(4, new ClientPayload.Ack(Long.MAX_VALUE, "read")),
        new ClientFrame(5, new ClientPayload.Ack(0, "")),
        new ClientFrame(12, new ClientPayload.Ack(5, "delivered", List.of(6L, 300L, 70_000L))),
        new ClientFrame(13, new ClientPayload.Ack(0, "delivered", manyIds())),
        new ClientFrame(6, new ClientPayload.SyncReq(0, CREATED.toEpochMilli())),
        new ClientFrame(Long.MIN_VALUE, new ClientPayload.SyncReq(Long.MIN_VALUE, -1)),
        new ClientFrame(7, new ClientPayload.Presence("away")),
        new ClientFrame(8, new ClientPayload.Ping()),
        new ClientFrame(9, new ClientPayload.PresenceSub(List.of())),
        new ClientFrame(10, new ClientPayload.PresenceSub(manyIds())));
  }

  /** Ids across every integer width, and enough of them for an array16. */
  private static List<Long> manyIds() {
    List<Long> ids = new ArrayList<>(List.of(1L, 127L, 128L, 255L, 256L, 65_535L, 65_536L));
    ids.addAll(List.of(4_294_967_295L, 4_294_967_296L, Long.MAX_VALUE, -1L, -32L, -33L));
    ids.addAll(List.of(-128L, -129L, -32_768L, -32_769L, (long) Integer.MIN_VALUE, Long.MIN_VALUE));
    LongStream.range(1000, 1020).forEach(ids::add);
    return ids;
  }

  static List<ServerFrame> serverFrames() {
    List<ServerFrame> frames = new ArrayList<>();
    frames.add(ServerFrame.reply(1, ServerPayload.AuthRsp.ok(UserId.of(42))));
    frames.add(ServerFrame.reply(1, ServerPayload.AuthRsp.failed("token expired")));
    frames.add(ServerFrame.push(new ServerPayload.ChatPush(message(5, Optional.of("c-5")))));
    frames.add(ServerFrame.push(new ServerPayload.ChatPush(message(6, Optional.empty()))));
    frames.add(ServerFrame.reply(2, new ServerPayload.SyncRsp(List.of(), false)));
    List<Message> page = LongStream.rangeClosed(1, 20).mapToObj(Samples::numbered).toList();
    frames.add(ServerFrame.reply(3, new ServerPayload.SyncRsp(page, true)));
    for (PresenceStatus status : PresenceStatus.values()) {
      frames.add(ServerFrame.push(new ServerPayload.PresencePush(UserId.of(9), status)));
    }
    frames.add(ServerFrame.reply(Long.MIN_VALUE, new ServerPayload.Pong()));
    for (ErrorCode code : ErrorCode.values()) {
      frames.add(ServerFrame.reply(4, new ServerPayload.Error(code, "why: " + code)));
    }
    frames.add(ServerFrame.reply(5, ackOf(Optional.of("c-1"))));
    frames.add(ServerFrame.reply(5, ackOf(Optional.empty())));
    for (DeliveryStatus status : DeliveryStatus.values()) {
      frames.add(
          ServerFrame.push(
              new ServerPayload.ReceiptPush(MessageId.of(Long.MAX_VALUE), UserId.of(9), status)));
    }
    return frames;
  }

  static ServerPayload.ChatAck ackOf(Optional<String> clientMsgId) {
    return new ServerPayload.ChatAck(MessageId.of(42), clientMsgId, CREATED);
  }

  private static Message numbered(long id) {
    ContentType type = ContentType.values()[(int) (id % 3)];
    DeliveryStatus status = DeliveryStatus.values()[(int) (id % 3)];
    Optional<String> clientMsgId = id % 2 == 0 ? Optional.of("c-" + id) : Optional.empty();
    return new Message(
        MessageId.of(id),
        UserId.of(id + 100),
        UserId.of(Long.MAX_VALUE - id),
        type,
        "body " + id,
        CREATED.plusMillis(id),
        status,
        clientMsgId);
  }
}
