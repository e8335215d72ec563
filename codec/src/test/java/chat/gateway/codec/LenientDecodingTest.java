package chat.gateway.codec;

import static chat.gateway.codec.Wire.chat;
import static chat.gateway.codec.Wire.deep;
import static chat.gateway.codec.Wire.frame;
import static chat.gateway.codec.Wire.hex;
import static chat.gateway.codec.Wire.pack;
import static chat.gateway.codec.Wire.unknownKey;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What decoding accepts beyond the codec's own output, as a Go peer's decoder would. */
class LenientDecodingTest {

  private static final ClientPayload EMPTY_CHAT =
      new ClientPayload.Chat(0, "", "", Optional.empty());

  private final FrameCodec codec = new FrameCodec();

  static Stream<Arguments> integerEncodings() {
    return Stream.of(
        Arguments.of("00", 0L),
        Arguments.of("7f", 127L),
        Arguments.of("e0", -32L),
        Arguments.of("ff", -1L),
        Arguments.of("cc ff", 255L),
        Arguments.of("cd ffff", 65_535L),
        Arguments.of("ce ffffffff", 4_294_967_295L),
        Arguments.of("cf 7fffffffffffffff", Long.MAX_VALUE),
        Arguments.of("d0 80", -128L),
        Arguments.of("d1 8000", -32_768L),
        Arguments.of("d2 80000000", (long) Integer.MIN_VALUE),
        Arguments.of("d3 8000000000000000", Long.MIN_VALUE),
        Arguments.of("c0", 0L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("integerEncodings")
  void acceptsEveryIntegerEncoding(String encoding, long expected) {
    assertThat(codec.decodeClient(chat("81 a2 746f " + encoding)))
        .isEqualTo(ok(5, new ClientPayload.Chat(expected, "", "", Optional.empty())));
  }

  static Stream<Arguments> zeroValuedChats() {
    return Stream.of(
        Arguments.of("no fields", "80"),
        Arguments.of(
            "nil fields",
            "84 a2 746f c0 a4 74797065 c0 a7 636f6e74656e74 c0 ad 636c69656e745f6d73675f6964 c0"),
        Arguments.of("empty client_msg_id", "81 ad 636c69656e745f6d73675f6964 a0"),
        Arguments.of("map16 header", "de 0000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("zeroValuedChats")
  void missingAndNilFieldsAreGoZeroValues(String name, String payload) {
    assertThat(codec.decodeClient(chat(payload))).isEqualTo(ok(5, EMPTY_CHAT));
  }

  static Stream<Arguments> envelopeVariants() {
    return Stream.of(
        Arguments.of(
            "payload as a str", "83 a4 74797065 02 a3 736571 05 a7 7061796c6f6164 a1 80", 5),
        Arguments.of("seq nil", "83 a4 74797065 02 a3 736571 c0 a7 7061796c6f6164 c4 01 80", 0),
        Arguments.of("seq missing", "82 a4 74797065 02 a7 7061796c6f6164 c4 01 80", 0),
        Arguments.of("keys as str8", "82 d9 04 74797065 02 d9 07 7061796c6f6164 c4 01 80", 0),
        Arguments.of(
            "payload first", "83 a7 7061796c6f6164 c4 01 80 a3 736571 05 a4 74797065 02", 5),
        Arguments.of("32 levels of ignored value", Wire.toHex(unknownKey(deep(32))), 5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envelopeVariants")
  void acceptsEnvelopeVariants(String name, String bytes, long seq) {
    assertThat(codec.decodeClient(hex(bytes))).isEqualTo(ok(seq, EMPTY_CHAT));
  }

  @Test
  void ignoresUnknownKeysAtBothLevels() {
    byte[] payload =
        hex(
            "82 a2 746f 2a a7 66757475726521"
                + " 92 cb 3ff8000000000000 83 a1 61 90 a1 62 d6 01 00000000 a1 63 c4 01 ff");
    byte[] bytes =
        pack(
            p -> {
              p.packMapHeader(5);
              p.packString("extra").packArrayHeader(1).packMapHeader(0);
              p.packString("payload").packBinaryHeader(payload.length).writePayload(payload);
              p.packString("seq").packLong(9);
              p.packString("type").packInt(2);
              p.packString("x").packExtensionTypeHeader((byte) 1, 1).addPayload(new byte[] {7});
            });

    assertThat(codec.decodeClient(bytes))
        .isEqualTo(ok(9, new ClientPayload.Chat(42, "", "", Optional.empty())));
  }

  @Test
  void aDuplicateKeyTakesItsLastValueAsGoDoes() {
    // vmihailenco/msgpack decodes each key into its field in turn, so the last one stays.
    assertThat(codec.decodeClient(chat("82 a2 746f 01 a2 746f 02")))
        .isEqualTo(ok(5, new ClientPayload.Chat(2, "", "", Optional.empty())));
    byte[] typeTwice =
        hex("84 a4 74797065 06 a3 736571 05 a7 7061796c6f6164 c4 01 80 a4 74797065 02");
    assertThat(codec.decodeClient(typeTwice)).isEqualTo(ok(5, EMPTY_CHAT));
  }

  @Test
  void pingAcceptsAnyMapOrNothing() {
    for (String payload : List.of("", "c0", "80", "81 a1 78 92 01 02")) {
      assertThat(codec.decodeClient(frame(6, payload)))
          .as(payload)
          .isEqualTo(ok(5, new ClientPayload.Ping()));
    }
  }

  @Test
  void serverPayloadsAcceptGoZeroValues() {
    assertThat(codec.decodeServer(frame(101, "81 a7 73756363657373 c2")))
        .isEqualTo(new Decoded.Ok<>(new ServerFrame(5, ServerPayload.AuthRsp.failed(""))));
    assertThat(codec.decodeServer(frame(103, "81 a8 6d65737361676573 c0")))
        .isEqualTo(
            new Decoded.Ok<>(new ServerFrame(5, new ServerPayload.SyncRsp(List.of(), false))));
    assertThat(codec.decodeServer(frame(105, "")))
        .isEqualTo(new Decoded.Ok<>(new ServerFrame(5, new ServerPayload.Pong())));
  }

  @Test
  void aHostileLengthCostsNoAllocation() {
    byte[] bytes = frame(1, MalformedInputTest.AUTH + " db ffffffff 61");
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 1000; i++) {
      codec.decodeClient(bytes);
    }

    long before = threads.getCurrentThreadAllocatedBytes();
    Decoded<ClientFrame> decoded = codec.decodeClient(bytes);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(decoded).isInstanceOf(Decoded.Failed.class);
    assertThat(allocated).isLessThan(64 * 1024);
  }

  private static Decoded<ClientFrame> ok(long seq, ClientPayload payload) {
    return new Decoded.Ok<>(new ClientFrame(seq, payload));
  }
}
