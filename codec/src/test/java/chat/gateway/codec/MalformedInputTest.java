package chat.gateway.codec;

import static chat.gateway.codec.Wire.chat;
import static chat.gateway.codec.Wire.concat;
import static chat.gateway.codec.Wire.deep;
import static chat.gateway.codec.Wire.envelope;
import static chat.gateway.codec.Wire.frame;
import static chat.gateway.codec.Wire.hex;
import static chat.gateway.codec.Wire.pack;
import static chat.gateway.codec.Wire.unknownKey;
import static chat.gateway.domain.ErrorCode.WS_INVALID_MESSAGE;
import static chat.gateway.domain.ErrorCode.WS_INVALID_PAYLOAD;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.ErrorCode;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes that are not a frame, each refused with the right code and, where the envelope's seq was
 * read before the problem, that seq: the hostile-input suite of the codec. Decoding never throws; a
 * failure is always a {@link Decoded.Failed}. Negative or zero ids pass the codec as the integers
 * they are and are refused by the gateway (WS_INVALID_PAYLOAD: {@code ChatTest}, {@code
 * AcknowledgeTest}, {@code SyncTest} in application-tests); strings that are not UTF-8 are in
 * {@link StrictUtf8Test}; what is accepted on purpose (unknown keys, duplicate keys, any integer
 * width) is in {@link LenientDecodingTest}.
 */
class MalformedInputTest {

  /** A Go client's Chat frame, seq 2; its seq value ends at byte 22. */
  static final byte[] CHAT =
      hex(
          "83 a4 74797065 d1 0002 a3 736571 d3 0000000000000002 a7 7061796c6f6164 c4 25"
              + " 83 a2 746f d3 000000000000002a a4 74797065 a4 74657874"
              + " a7 636f6e74656e74 a5 68656c6c6f");

  private static final int CHAT_SEQ_END = 22;

  static final String AUTH = "81 a5 746f6b656e";
  private static final String CONTENT = "81 a7 636f6e74656e74";
  private static final String MESSAGE_ID = "81 aa 6d6573736167655f6964";
  private static final String LAST_MESSAGE_ID = "81 af 6c6173745f6d6573736167655f6964";
  private static final String STATUS = "81 a6 737461747573";
  private static final String PAYLOAD_KEY = "83 a4 74797065 02 a3 736571 05 a7 7061796c6f6164";
  private static final String USER_IDS = "81 a8 757365725f696473";

  private final FrameCodec codec = new FrameCodec();

  static Stream<Arguments> malformedClientFrames() {
    return Stream.of(
        bad("empty input", new byte[0], WS_INVALID_MESSAGE, 0, "empty"),
        bad("nil", hex("c0"), WS_INVALID_MESSAGE, 0, "map"),
        bad("trailing garbage", concat(CHAT, hex("00")), WS_INVALID_MESSAGE, 2, "after"),
        bad("array envelope", arrayEnvelope(), WS_INVALID_MESSAGE, 0, "map"),
        bad("map missing type", missingType(), WS_INVALID_MESSAGE, 5, "'type'"),
        bad("type as a string", rawType(p -> p.packString("2")), WS_INVALID_MESSAGE, 0, "'type'"),
        bad("type nil", rawType(p -> p.packNil()), WS_INVALID_MESSAGE, 0, "'type'"),
        bad("type as a float", rawType(p -> p.packDouble(2)), WS_INVALID_MESSAGE, 0, "'type'"),
        bad("type 99", envelope(99, 5, hex("80")), WS_INVALID_MESSAGE, 5, "99"),
        bad("server type", envelope(105, 5, hex("80")), WS_INVALID_MESSAGE, 5, "105"),
        bad("seq as a float", floatSeq(), WS_INVALID_MESSAGE, 0, "'seq'"),
        bad("seq above int64", rawSeq("cf ffffffffffffffff"), WS_INVALID_MESSAGE, 0, "'seq'"),
        bad("payload as an int", intPayload(), WS_INVALID_MESSAGE, 5, "'payload'"),
        bad("payload nil for Auth", nilPayload(1), WS_INVALID_PAYLOAD, 5, "map"),
        bad("payload bin of an array", chat("92 01 02"), WS_INVALID_PAYLOAD, 5, "map"),
        bad("payload bin of two maps", chat("80 80"), WS_INVALID_PAYLOAD, 5, "after"),
        bad("to as a string", chat("81 a2 746f a2 3432"), WS_INVALID_PAYLOAD, 5, "'to'"),
        bad(
            "to above int64",
            chat("81 a2 746f cf ffffffffffffffff"),
            WS_INVALID_PAYLOAD,
            5,
            "'to'"),
        bad("to as a float", chat("81 a2 746f cb 4045000000000000"), WS_INVALID_PAYLOAD, 5, "'to'"),
        bad(
            "content as bin",
            chat("81 a7 636f6e74656e74 c4 01 61"),
            WS_INVALID_PAYLOAD,
            5,
            "'content'"),
        bad(
            "token str32 of 4 GiB",
            frame(1, AUTH + " db ffffffff 61"),
            WS_INVALID_PAYLOAD,
            5,
            "'token'"),
        bad("key str32 of 4 GiB", hex("81 db ffffffff 74797065"), WS_INVALID_MESSAGE, 0, "key"),
        bad("payload bin32 of 4 GiB", bin32Payload(), WS_INVALID_MESSAGE, 5, "'payload'"),
        bad(
            "map32 of 4 Gi entries",
            hex("df ffffffff a4 74797065 02"),
            WS_INVALID_MESSAGE,
            0,
            "entries"),
        bad(
            "user_ids array32 of 4 Gi",
            frame(7, USER_IDS + " dd ffffffff d3"),
            WS_INVALID_PAYLOAD,
            5,
            "'user_ids'"),
        bad(
            "user_ids holding a string",
            frame(7, USER_IDS + " 91 a1 31"),
            WS_INVALID_PAYLOAD,
            5,
            "'user_ids'"),
        bad("envelope key not a string", hex("81 01 02"), WS_INVALID_MESSAGE, 0, "key"),
        bad("invalid byte 0xc1", unknownKey("c1"), WS_INVALID_MESSAGE, 5, "0xc1"),
        bad(
            "envelope value 10,000 deep",
            unknownKey(deep(10_000)),
            WS_INVALID_MESSAGE,
            5,
            "deeper"),
        bad(
            "payload value 10,000 deep",
            chat("81 a1 78" + deep(10_000)),
            WS_INVALID_PAYLOAD,
            5,
            "deeper"),
        bad("envelope value 33 deep", unknownKey(deep(33)), WS_INVALID_MESSAGE, 5, "deeper"),
        bad("Ping payload an array", frame(6, "90"), WS_INVALID_PAYLOAD, 5, "map"),
        // Sizes declared far beyond the bytes, in every width.
        bad("content str8 of 255", chat(CONTENT + " d9 ff 61"), WS_INVALID_PAYLOAD, 5, "'content'"),
        bad(
            "content str16 of 64 Ki",
            chat(CONTENT + " da ffff 61"),
            WS_INVALID_PAYLOAD,
            5,
            "'content'"),
        bad(
            "payload bin8 of 255",
            hex(PAYLOAD_KEY + " c4 ff 80"),
            WS_INVALID_MESSAGE,
            5,
            "'payload'"),
        bad(
            "payload bin16 of 64 Ki",
            hex(PAYLOAD_KEY + " c5 ffff 80"),
            WS_INVALID_MESSAGE,
            5,
            "'payload'"),
        bad(
            "payload map16 of 64 Ki entries",
            chat("de ffff a1 78 01"),
            WS_INVALID_PAYLOAD,
            5,
            "entries"),
        bad(
            "ignored array16 of 64 Ki",
            chat("81 a1 78 dc ffff 01"),
            WS_INVALID_PAYLOAD,
            5,
            "elements"),
        bad(
            "ignored map32 of 4 Gi",
            chat("81 a1 78 df ffffffff 01"),
            WS_INVALID_PAYLOAD,
            5,
            "elements"),
        bad("ignored bin32 of 4 GiB", unknownKey("c6 ffffffff 00"), WS_INVALID_MESSAGE, 5, "bytes"),
        bad(
            "ignored ext32 of 4 GiB",
            unknownKey("c9 ffffffff 01 00"),
            WS_INVALID_MESSAGE,
            5,
            "extension"),
        bad(
            "ignored ext32 in payload",
            chat("81 a1 78 c9 ffffffff 01 00"),
            WS_INVALID_PAYLOAD,
            5,
            "extension"),
        bad(
            "payload map 33 deep",
            chat("81 a1 78" + " 81 a1 79".repeat(33) + " c0"),
            WS_INVALID_PAYLOAD,
            5,
            "deeper"),
        bad("truncated payload map", chat("82 a2 746f 01"), WS_INVALID_PAYLOAD, 5, "truncated"),
        bad(
            "truncated payload int",
            chat("81 a2 746f d3 0000"),
            WS_INVALID_PAYLOAD,
            5,
            "truncated"),
        // Extension types where a value is expected.
        bad(
            "type an extension",
            rawType(p -> p.packExtensionTypeHeader((byte) 1, 1).addPayload(new byte[] {2})),
            WS_INVALID_MESSAGE,
            0,
            "'type'"),
        bad(
            "payload an extension",
            hex(PAYLOAD_KEY + " d4 01 80"),
            WS_INVALID_MESSAGE,
            5,
            "'payload'"),
        bad(
            "to a fixext 8",
            chat("81 a2 746f d7 01 0000000000000001"),
            WS_INVALID_PAYLOAD,
            5,
            "'to'"),
        bad("to a timestamp", chat("81 a2 746f d6 ff 00000001"), WS_INVALID_PAYLOAD, 5, "'to'"),
        bad(
            "content an extension",
            chat(CONTENT + " d4 01 61"),
            WS_INVALID_PAYLOAD,
            5,
            "'content'"),
        // Floats and out-of-range integers where an int64 id is expected.
        bad("to NaN", chat("81 a2 746f cb 7ff8000000000000"), WS_INVALID_PAYLOAD, 5, "'to'"),
        bad("to +Infinity", chat("81 a2 746f cb 7ff0000000000000"), WS_INVALID_PAYLOAD, 5, "'to'"),
        bad("to float32", chat("81 a2 746f ca 42280000"), WS_INVALID_PAYLOAD, 5, "'to'"),
        bad("to a boolean", chat("81 a2 746f c3"), WS_INVALID_PAYLOAD, 5, "'to'"),
        bad(
            "message_id above int64",
            frame(3, MESSAGE_ID + " cf 8000000000000000"),
            WS_INVALID_PAYLOAD,
            5,
            "'message_id'"),
        bad(
            "message_id a float",
            frame(3, MESSAGE_ID + " cb 3ff0000000000000"),
            WS_INVALID_PAYLOAD,
            5,
            "'message_id'"),
        bad(
            "last_message_id a float",
            frame(4, LAST_MESSAGE_ID + " cb 3ff0000000000000"),
            WS_INVALID_PAYLOAD,
            5,
            "'last_message_id'"),
        bad(
            "last_message_id above int64",
            frame(4, LAST_MESSAGE_ID + " cf ffffffffffffffff"),
            WS_INVALID_PAYLOAD,
            5,
            "'last_message_id'"),
        bad(
            "user_ids element above int64",
            frame(7, USER_IDS + " 91 cf ffffffffffffffff"),
            WS_INVALID_PAYLOAD,
            5,
            "'user_ids'"),
        bad(
            "user_ids element a float",
            frame(7, USER_IDS + " 91 cb 3ff0000000000000"),
            WS_INVALID_PAYLOAD,
            5,
            "'user_ids'"),
        bad("seq NaN", rawSeq("cb 7ff8000000000000"), WS_INVALID_MESSAGE, 0, "'seq'"),
        // Other wrong types.
        bad("token an array", frame(1, AUTH + " 91 a1 61"), WS_INVALID_PAYLOAD, 5, "'token'"),
        bad("token an integer", frame(1, AUTH + " 2a"), WS_INVALID_PAYLOAD, 5, "'token'"),
        bad("status an integer", frame(5, STATUS + " 01"), WS_INVALID_PAYLOAD, 5, "'status'"),
        bad("user_ids a map", frame(7, USER_IDS + " 80"), WS_INVALID_PAYLOAD, 5, "'user_ids'"),
        bad("payload key an integer", chat("81 01 02"), WS_INVALID_PAYLOAD, 5, "key"),
        bad("payload key nil", chat("81 c0 02"), WS_INVALID_PAYLOAD, 5, "key"),
        bad("payload key a bin", chat("81 c4 02 746f 02"), WS_INVALID_PAYLOAD, 5, "key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedClientFrames")
  void refusesMalformedClientFrames(
      String name, byte[] bytes, ErrorCode code, long seq, String reasonPart) {
    assertFailed(codec.decodeClient(bytes), code, seq, reasonPart);
  }

  static Stream<Arguments> malformedServerFrames() {
    return Stream.of(
        bad("client type", envelope(1, 5, hex("81 a5 746f6b656e a0")), WS_INVALID_MESSAGE, 5, "1"),
        bad(
            "unknown presence",
            frame(104, "82 a7 757365725f6964 09 a6 737461747573 a4 676f6e65"),
            WS_INVALID_PAYLOAD,
            5,
            "'status'"),
        bad(
            "unknown error code",
            frame(106, "81 a4 636f6465 a4 4e4f5045"),
            WS_INVALID_PAYLOAD,
            5,
            "'code'"),
        bad(
            "success without user",
            frame(101, "81 a7 73756363657373 c3"),
            WS_INVALID_PAYLOAD,
            5,
            "'user_id'"),
        bad("ChatAck without id", frame(107, "80"), WS_INVALID_PAYLOAD, 5, "'message_id'"),
        bad(
            "SyncRsp element nil",
            frame(103, "81 a8 6d65737361676573 91 c0"),
            WS_INVALID_PAYLOAD,
            5,
            "map"),
        bad("Pong payload a string", frame(105, "a0"), WS_INVALID_PAYLOAD, 5, "map"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedServerFrames")
  void refusesMalformedServerFrames(
      String name, byte[] bytes, ErrorCode code, long seq, String reasonPart) {
    assertFailed(codec.decodeServer(bytes), code, seq, reasonPart);
  }

  static IntStream prefixLengths() {
    return IntStream.range(0, CHAT.length);
  }

  @ParameterizedTest
  @MethodSource("prefixLengths")
  void refusesEveryTruncation(int length) {
    long seq = length >= CHAT_SEQ_END ? 2 : 0;

    assertFailed(codec.decodeClient(CHAT, 0, length), WS_INVALID_MESSAGE, seq, "");
    assertFailed(codec.decodeClient(Arrays.copyOf(CHAT, length)), WS_INVALID_MESSAGE, seq, "");
  }

  private static void assertFailed(
      Decoded<?> decoded, ErrorCode code, long seq, String reasonPart) {
    assertThat(decoded).isInstanceOf(Decoded.Failed.class);
    Decoded.Failed<?> failed = (Decoded.Failed<?>) decoded;
    assertThat(failed.code()).as(failed.reason()).isEqualTo(code);
    assertThat(failed.seq()).as(failed.reason()).isEqualTo(seq);
    assertThat(failed.reason()).isNotBlank().contains(reasonPart);
  }

  private static Arguments bad(
      String name, byte[] bytes, ErrorCode code, long seq, String reasonPart) {
    return Arguments.of(name, bytes, code, seq, reasonPart);
  }

  private static byte[] arrayEnvelope() {
    return pack(
        p -> p.packArrayHeader(3).packInt(2).packLong(5).packBinaryHeader(1).addPayload(hex("80")));
  }

  private static byte[] missingType() {
    return pack(
        p -> p.packMapHeader(2).packString("seq").packLong(5).packString("payload").packNil());
  }

  private static byte[] rawType(Wire.Body type) {
    return pack(
        p -> {
          p.packMapHeader(3).packString("type");
          type.write(p);
          p.packString("seq").packLong(5).packString("payload").packBinaryHeader(1);
          p.addPayload(hex("80"));
        });
  }

  private static byte[] floatSeq() {
    return pack(
        p ->
            p.packMapHeader(3)
                .packString("type")
                .packInt(2)
                .packString("seq")
                .packDouble(5)
                .packString("payload")
                .packBinaryHeader(1)
                .addPayload(hex("80")));
  }

  private static byte[] rawSeq(String seqHex) {
    return concat(
        hex("83 a4 74797065 02 a3 736571"), hex(seqHex), hex("a7 7061796c6f6164 c4 01 80"));
  }

  private static byte[] intPayload() {
    return hex("83 a4 74797065 02 a3 736571 05 a7 7061796c6f6164 07");
  }

  private static byte[] nilPayload(int type) {
    return concat(
        hex("83 a4 74797065"), new byte[] {(byte) type}, hex("a3 736571 05 a7 7061796c6f6164 c0"));
  }

  private static byte[] bin32Payload() {
    return hex("83 a4 74797065 02 a3 736571 05 a7 7061796c6f6164 c6 ffffffff 80");
  }
}
