package chat.gateway.codec;

import static chat.gateway.codec.Wire.concat;
import static chat.gateway.codec.Wire.envelope;
import static chat.gateway.codec.Wire.hex;
import static chat.gateway.codec.Wire.pack;
import static chat.gateway.domain.ErrorCode.WS_INVALID_PAYLOAD;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every str is decoded strictly: malformed UTF-8 is refused as WS_INVALID_PAYLOAD, never replaced
 * by U+FFFD, and well-formed UTF-8, multi-byte included, comes out as exactly the bytes sent.
 */
class StrictUtf8Test {

  private final FrameCodec codec = new FrameCodec();

  /** Byte sequences that are not UTF-8 (RFC 3629), each inside otherwise plain text. */
  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("lone continuation byte", "61 80 62"),
        Arguments.of("overlong NUL (C0 80, Java's modified UTF-8)", "61 c0 80"),
        Arguments.of("overlong slash (E0 80 AF)", "e0 80 af"),
        Arguments.of("UTF-16 surrogate encoded (ED A0 80)", "ed a0 80"),
        Arguments.of("surrogate pair encoded as two (CESU-8)", "ed a0 bd ed b8 80"),
        Arguments.of("sequence truncated at the end", "61 f0 9f 98"),
        Arguments.of("sequence truncated by an ASCII byte", "e4 b8 61"),
        Arguments.of("above U+10FFFF (F4 90 80 80)", "f4 90 80 80"),
        Arguments.of("byte FF", "ff"),
        Arguments.of("byte F8 (five-byte lead)", "f8 88 80 80 80"));
  }

  @ParameterizedTest(name = "content: {0}")
  @MethodSource("malformed")
  void malformedContentIsRefused(String name, String utf8) {
    assertRefused(chat(hex("68 69"), hex(utf8), hex("69 64")), "content");
  }

  @ParameterizedTest(name = "client_msg_id: {0}")
  @MethodSource("malformed")
  void malformedClientMsgIdIsRefused(String name, String utf8) {
    assertRefused(chat(hex("68 69"), hex("68 69"), hex(utf8)), "client_msg_id");
  }

  @ParameterizedTest(name = "type: {0}")
  @MethodSource("malformed")
  void malformedChatTypeIsRefused(String name, String utf8) {
    assertRefused(chat(hex(utf8), hex("68 69"), hex("69 64")), "type");
  }

  @ParameterizedTest(name = "token: {0}")
  @MethodSource("malformed")
  void malformedTokenIsRefused(String name, String utf8) {
    assertRefused(frame(FrameType.AUTH, "token", hex(utf8)), "token");
  }

  @ParameterizedTest(name = "Ack status: {0}")
  @MethodSource("malformed")
  void malformedAckStatusIsRefused(String name, String utf8) {
    assertRefused(frame(FrameType.ACK, "status", hex(utf8)), "status");
  }

  @ParameterizedTest(name = "Presence status: {0}")
  @MethodSource("malformed")
  void malformedPresenceStatusIsRefused(String name, String utf8) {
    assertRefused(frame(FrameType.PRESENCE, "status", hex(utf8)), "status");
  }

  @ParameterizedTest(name = "server Error message: {0}")
  @MethodSource("malformed")
  void malformedStringsInServerFramesAreRefusedToo(String name, String utf8) {
    byte[] payload =
        pack(
            p -> {
              p.packMapHeader(2).packString("code").packString("WS_INTERNAL_ERROR");
              byte[] bad = hex(utf8);
              p.packString("message").packRawStringHeader(bad.length).writePayload(bad);
            });
    Decoded<?> decoded = codec.decodeServer(envelope(FrameType.ERROR.code(), 5, payload));

    assertThat(decoded)
        .isEqualTo(
            new Decoded.Failed<>(WS_INVALID_PAYLOAD, 5, "field 'message' is not valid UTF-8"));
  }

  /** Well-formed text in every UTF-8 length, including a U+FFFD the user really typed. */
  static Stream<Arguments> wellFormed() {
    return Stream.of(
        Arguments.of("ASCII", "hello"),
        Arguments.of("two-byte (Latin, Cyrillic)", "héllo привет"),
        Arguments.of("three-byte CJK", "你好，世界。こんにちは"),
        Arguments.of("four-byte emoji", "👋🏽 🎉 👨‍👩‍👧"),
        Arguments.of("U+FFFD sent on purpose", "a \uFFFD b"),
        Arguments.of("largest code point U+10FFFF", "\uDBFF\uDFFF"),
        Arguments.of("NUL in its shortest form", "a\u0000b"),
        Arguments.of("noncharacter U+FFFE", "\uFFFE"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void wellFormedMultiByteTextRoundTripsByteForByte(String name, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] sent = chat(hex("74 65 78 74"), utf8, utf8);

    Decoded<ClientFrame> decoded = codec.decodeClient(sent);

    assertThat(decoded)
        .isEqualTo(
            new Decoded.Ok<>(
                new ClientFrame(5, new ClientPayload.Chat(42, "text", text, Optional.of(text)))));
    ClientPayload.Chat chat =
        (ClientPayload.Chat) ((Decoded.Ok<ClientFrame>) decoded).frame().payload();
    assertThat(chat.content().getBytes(StandardCharsets.UTF_8)).isEqualTo(utf8);
    // Encoded again by the codec, the frame is the very bytes the client sent.
    assertThat(codec.encode(new ClientFrame(5, chat))).isEqualTo(sent);
  }

  private void assertRefused(byte[] frame, String field) {
    assertThat(codec.decodeClient(frame))
        .isEqualTo(
            new Decoded.Failed<>(
                WS_INVALID_PAYLOAD, 5, "field '" + field + "' is not valid UTF-8"));
  }

  /** A Chat as the codec writes it: to 42, then the raw UTF-8 of type, content and id as str. */
  private static byte[] chat(byte[] type, byte[] content, byte[] clientMsgId) {
    byte[] payload =
        pack(
            p -> {
              p.packMapHeader(4).packString("to").packLong(42);
              p.packString("type").packRawStringHeader(type.length).writePayload(type);
              p.packString("content").packRawStringHeader(content.length).writePayload(content);
              p.packString("client_msg_id").packRawStringHeader(clientMsgId.length);
              p.writePayload(clientMsgId);
            });
    return envelope(FrameType.CHAT.code(), 5, payload);
  }

  /** A frame of {@code type} whose payload is one str field holding {@code utf8}. */
  private static byte[] frame(FrameType type, String key, byte[] utf8) {
    byte[] payload =
        concat(
            pack(p -> p.packMapHeader(1).packString(key).packRawStringHeader(utf8.length)), utf8);
    return envelope(type.code(), 5, payload);
  }
}
