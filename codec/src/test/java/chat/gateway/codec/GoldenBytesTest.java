package chat.gateway.codec;

import static chat.gateway.codec.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact bytes, written by hand. Client frames are laid out as vmihailenco/msgpack v5 encodes the Go
 * client's structs by default: envelope keys in struct order, {@code type} an int16 (d1), every
 * int64 a full d3, strings and []byte in their smallest header, omitempty fields left out, a nil
 * []byte as c0. Server frames pin what this codec writes.
 */
class GoldenBytesTest {

  private static final String TYPE = "a4 74797065";
  private static final String SEQ = "a3 736571";
  private static final String PAYLOAD = "a7 7061796c6f6164";

  private final FrameCodec codec = new FrameCodec();

  /** A Go envelope: fixmap 3, type as int16, seq as int64, then the payload's encoding. */
  private static String goEnvelope(int type, long seq, String payload) {
    return "83 "
        + TYPE
        + String.format(" d1 %04x ", type)
        + SEQ
        + String.format(" d3 %016x ", seq)
        + PAYLOAD
        + " "
        + payload;
  }

  static Stream<Arguments> goClientFrames() {
    return Stream.of(
        Arguments.of( // token of 36 chars: a str8
            goEnvelope(
                1,
                1,
                "c4 2d 81 a5 746f6b656e d9 24"
                    + " 6162636465666768696a6b6c6d6e6f707172737475767778797a 30313233343536373839"),
            new ClientFrame(1, new ClientPayload.Auth("abcdefghijklmnopqrstuvwxyz0123456789"))),
        Arguments.of( // the resume point extension
            goEnvelope(
                1,
                2,
                "c4 24 82 a5 746f6b656e a3 616263"
                    + " af 6c6173745f6d6573736167655f6964 d3 0000000000000064"),
            new ClientFrame(2, new ClientPayload.Auth("abc", 100))),
        Arguments.of(
            goEnvelope(
                2,
                2,
                "c4 37 84 a2 746f d3 000000000000002a a4 74797065 a4 74657874"
                    + " a7 636f6e74656e74 a5 68656c6c6f ad 636c69656e745f6d73675f6964 a3 632d31"),
            new ClientFrame(2, new ClientPayload.Chat(42, "text", "hello", Optional.of("c-1")))),
        Arguments.of( // no client_msg_id key (omitempty); "héllo" is 6 UTF-8 bytes
            goEnvelope(
                2,
                3,
                "c4 26 83 a2 746f d3 000000000000002a a4 74797065 a4 74657874"
                    + " a7 636f6e74656e74 a6 68c3a96c6c6f"),
            new ClientFrame(3, new ClientPayload.Chat(42, "text", "héllo", Optional.empty()))),
        Arguments.of(
            goEnvelope(
                3,
                4,
                "c4 21 82 aa 6d6573736167655f6964 d3 0000000000000064 a6 737461747573 a4 72656164"),
            new ClientFrame(4, new ClientPayload.Ack(100, "read"))),
        Arguments.of( // the batch extension
            goEnvelope(
                3,
                5,
                "c4 40 83 aa 6d6573736167655f6964 d3 0000000000000064 a6 737461747573 a4 72656164"
                    + " ab 6d6573736167655f696473 92 d3 0000000000000065 d3 0000000000000066"),
            new ClientFrame(5, new ClientPayload.Ack(100, "read", List.of(101L, 102L)))),
        Arguments.of(
            goEnvelope(
                4,
                5,
                "c4 32 82 af 6c6173745f6d6573736167655f6964 d3 0000000000000000"
                    + " ae 6c6173745f73796e635f74696d65 d3 0000018bcfe56800"),
            new ClientFrame(5, new ClientPayload.SyncReq(0, 1_700_000_000_000L))),
        Arguments.of(
            goEnvelope(5, 6, "c4 0d 81 a6 737461747573 a4 61776179"),
            new ClientFrame(6, new ClientPayload.Presence("away"))),
        Arguments.of( // Go's nil []byte payload
            goEnvelope(6, 7, "c0"), new ClientFrame(7, new ClientPayload.Ping())),
        Arguments.of( // a zero-length bin payload
            goEnvelope(6, 8, "c4 00"), new ClientFrame(8, new ClientPayload.Ping())),
        Arguments.of(
            goEnvelope(
                7, 9, "c4 1d 81 a8 757365725f696473 92 d3 0000000000000007 d3 0000000000000009"),
            new ClientFrame(9, new ClientPayload.PresenceSub(List.of(7L, 9L)))),
        Arguments.of( // a nil []int64 is the empty watch list
            goEnvelope(7, 10, "c4 0b 81 a8 757365725f696473 c0"),
            new ClientFrame(10, new ClientPayload.PresenceSub(List.of()))));
  }

  @ParameterizedTest
  @MethodSource("goClientFrames")
  void decodesWhatTheGoClientSends(String bytes, ClientFrame expected) {
    assertThat(codec.decodeClient(hex(bytes))).isEqualTo(new Decoded.Ok<>(expected));
  }

  @Test
  void encodesPong() {
    byte[] bytes = codec.encode(ServerFrame.reply(7, new ServerPayload.Pong()));

    assertThat(bytes).isEqualTo(hex("83" + TYPE + "69" + SEQ + "07" + PAYLOAD + "c4 01 80"));
  }

  @Test
  void encodesError() {
    byte[] bytes =
        codec.encode(
            ServerFrame.reply(1, new ServerPayload.Error(ErrorCode.WS_AUTH_FAILED, "bad token")));

    assertThat(bytes)
        .isEqualTo(
            hex(
                "83"
                    + (TYPE + "6a")
                    + (SEQ + "01")
                    + (PAYLOAD + "c4 27")
                    + "82"
                    + "a4 636f6465 ae 57535f415554485f4641494c4544"
                    + "a7 6d657373616765 a9 62616420746f6b656e"));
  }

  @Test
  void encodesChatAck() {
    ServerPayload ack =
        new ServerPayload.ChatAck(
            MessageId.of(42), Optional.of("c-1"), Instant.ofEpochMilli(1_700_000_000_000L));

    byte[] bytes = codec.encode(ServerFrame.reply(2, ack));

    assertThat(bytes)
        .isEqualTo(
            hex(
                "83"
                    + (TYPE + "6b")
                    + (SEQ + "02")
                    + (PAYLOAD + "c4 33")
                    + "83"
                    + "aa 6d6573736167655f6964 2a"
                    + "ad 636c69656e745f6d73675f6964 a3 632d31"
                    + "aa 637265617465645f6174 cf 0000018bcfe56800"));
  }

  @Test
  void encodesAFailedAuthRspWithoutUserId() {
    byte[] bytes =
        codec.encode(ServerFrame.reply(1, ServerPayload.AuthRsp.failed("invalid token")));

    assertThat(bytes)
        .isEqualTo(
            hex(
                "83"
                    + (TYPE + "65")
                    + (SEQ + "01")
                    + (PAYLOAD + "c4 1e")
                    + "82"
                    + "a7 73756363657373 c2"
                    + "a5 6572726f72 ad 696e76616c696420746f6b656e"));
  }

  @Test
  void decodesAClientFrameEncodedByTheCodecIntoTheSameGoldenFields() {
    byte[] go =
        hex(
            goEnvelope(
                3,
                4,
                "c4 21 82 aa 6d6573736167655f6964 d3 0000000000000064"
                    + " a6 737461747573 a4 72656164"));
    byte[] ours = codec.encode(new ClientFrame(4, new ClientPayload.Ack(100, "read")));

    assertThat(codec.decodeClient(ours)).isEqualTo(codec.decodeClient(go));
    assertThat(ours.length).isLessThan(go.length);
  }
}
