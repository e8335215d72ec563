package chat.gateway.codec;

import static chat.gateway.codec.Wire.keys;
import static chat.gateway.codec.Wire.payload;
import static chat.gateway.codec.Wire.value;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.value.Value;

class FrameCodecRoundTripTest {

  private final FrameCodec codec = new FrameCodec();

  static List<ClientFrame> clientFrames() {
    return Samples.clientFrames();
  }

  static List<ServerFrame> serverFrames() {
    return Samples.serverFrames();
  }

  @ParameterizedTest
  @MethodSource("clientFrames")
  void clientFrameRoundTrips(ClientFrame frame) {
    byte[] bytes = codec.encode(frame);

    assertThat(codec.decodeClient(bytes)).isEqualTo(new Decoded.Ok<>(frame));
    assertEnvelopeAsGoExpectsIt(bytes, frame.type().code(), frame.seq());
  }

  @ParameterizedTest
  @MethodSource("serverFrames")
  void serverFrameRoundTrips(ServerFrame frame) {
    byte[] bytes = codec.encode(frame);

    assertThat(codec.decodeServer(bytes)).isEqualTo(new Decoded.Ok<>(frame));
    assertEnvelopeAsGoExpectsIt(bytes, frame.type().code(), frame.seq());
  }

  @ParameterizedTest
  @MethodSource("clientFrames")
  void clientFrameDecodesFromTheMiddleOfABuffer(ClientFrame frame) {
    byte[] bytes = codec.encode(frame);
    byte[] padded = new byte[bytes.length + 10];
    System.arraycopy(bytes, 0, padded, 3, bytes.length);
    padded[2] = (byte) 0x93;
    padded[bytes.length + 3] = (byte) 0xc1;

    assertThat(codec.decodeClient(padded, 3, bytes.length)).isEqualTo(new Decoded.Ok<>(frame));
  }

  static Stream<Arguments> omittedKeys() {
    ClientPayload chatWithoutId = new ClientPayload.Chat(9, "text", "hi", Optional.empty());
    ClientPayload chatWithId = new ClientPayload.Chat(9, "text", "hi", Optional.of("c-1"));
    List<String> message = List.of("id", "from", "to", "type", "content", "created_at", "status");
    return Stream.of(
        Arguments.of(client(chatWithoutId), List.of("to", "type", "content")),
        Arguments.of(client(chatWithId), List.of("to", "type", "content", "client_msg_id")),
        Arguments.of(
            server(ServerPayload.AuthRsp.failed("bad token")), List.of("success", "error")),
        Arguments.of(
            server(ServerPayload.AuthRsp.ok(UserId.of(42))), List.of("success", "user_id")),
        Arguments.of(server(Samples.ackOf(Optional.empty())), List.of("message_id", "created_at")),
        Arguments.of(server(Samples.ackOf(Optional.of(""))), List.of("message_id", "created_at")),
        Arguments.of(
            server(Samples.ackOf(Optional.of("c-1"))),
            List.of("message_id", "client_msg_id", "created_at")),
        Arguments.of(
            server(new ServerPayload.ChatPush(Samples.message(1, Optional.empty()))), message),
        Arguments.of(
            server(new ServerPayload.ChatPush(Samples.message(1, Optional.of("c-1")))),
            Stream.concat(message.stream(), Stream.of("client_msg_id")).toList()),
        Arguments.of(server(new ServerPayload.Pong()), List.of()),
        Arguments.of(client(new ClientPayload.Ping()), List.of()));
  }

  @ParameterizedTest
  @MethodSource("omittedKeys")
  void payloadHasExactlyTheseKeysInGoStructOrder(byte[] frame, List<String> expected) {
    assertThat(keys(payload(frame))).containsExactlyElementsOf(expected);
  }

  @Test
  void syncRspMessagesOmitAnEmptyClientMsgId() {
    ServerPayload rsp =
        new ServerPayload.SyncRsp(
            List.of(Samples.message(1, Optional.empty()), Samples.message(2, Optional.of("c"))),
            false);

    Value messages = Wire.get(payload(server(rsp)), "messages");

    assertThat(keys(messages.asArrayValue().get(0))).doesNotContain("client_msg_id");
    assertThat(keys(messages.asArrayValue().get(1))).contains("client_msg_id");
  }

  @Test
  void encodingUsesTheSmallestIntegers() {
    byte[] bytes = new FrameCodec().encode(new ClientFrame(1, new ClientPayload.Ack(300, "read")));

    assertThat(Wire.toHex(bytes)).contains("a4" + "74797065" + "03"); // type: fixint
    assertThat(Wire.toHex(bytes)).contains("6d6573736167655f6964" + "cd012c"); // 300: uint16
  }

  private static byte[] client(ClientPayload payload) {
    return new FrameCodec().encode(new ClientFrame(1, payload));
  }

  private static byte[] server(ServerPayload payload) {
    return new FrameCodec().encode(ServerFrame.push(payload));
  }

  /** Read back with msgpack-core: one map, keys in Go struct order, the payload a bin of a map. */
  private static void assertEnvelopeAsGoExpectsIt(byte[] bytes, int type, long seq) {
    Value envelope = value(bytes);
    assertThat(keys(envelope)).containsExactly("type", "seq", "payload");
    assertThat(Wire.get(envelope, "type").asIntegerValue().toLong()).isEqualTo(type);
    assertThat(Wire.get(envelope, "seq").asIntegerValue().toLong()).isEqualTo(seq);
    assertThat(Wire.get(envelope, "payload").isBinaryValue()).isTrue();
    assertThat(payload(bytes).isMapValue()).isTrue();
  }
}
