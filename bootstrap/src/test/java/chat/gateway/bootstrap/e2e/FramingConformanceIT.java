package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 framing over raw sockets against the real server, grouped like the Autobahn test suite's
 * categories. Each case states its outcome: served, answered, or closed with a code. Every case
 * starts from a logged-in connection, so a refusal is the framing's doing, not the missing Auth's.
 */
class FramingConformanceIT {

  private static final int MAX_FRAME = 64 * 1024;
  private static final int PROTOCOL_ERROR = 1002;
  private static final AtomicLong USERS = new AtomicLong(30_000);
  private static final int BINARY = 0x2;
  private static final int TEXT = 0x1;
  private static final int CONTINUATION = 0x0;
  private static final int CLOSE = 0x8;
  private static final int PING = 0x9;
  private static final int PONG = 0xA;

  /** Frames up to 64 KiB; everything else the defaults. */
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway =
        GatewayFixture.start(
            config -> GatewayFixture.withLimits(config, l -> l.maxFrameBytes(MAX_FRAME)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** An upgraded, authenticated raw connection. */
  private static RawSocket session() {
    RawSocket socket = RawSocket.upgraded(gateway.gateway().port());
    socket.request(1, new ClientPayload.Auth(gateway.token(USERS.incrementAndGet())));
    ServerFrame reply = socket.readServerFrame();
    assertThat(reply.payload())
        .isInstanceOfSatisfying(
            ServerPayload.AuthRsp.class, rsp -> assertThat(rsp.success()).isTrue());
    return socket;
  }

  /** A Ping request (the gateway's, type 6) as the bytes of one binary message. */
  private static byte[] pingRequest(long seq) {
    return RawFrames.envelope(6, seq, RawFrames.map(java.util.Map.of()));
  }

  /** The next gateway frame is a Pong for {@code seq}: the connection still serves requests. */
  private static void assertServes(RawSocket socket, long seq) {
    socket.frame(BINARY, pingRequest(seq));
    ServerFrame pong = socket.readServerFrame();
    assertThat(pong.type()).isEqualTo(FrameType.PONG);
    assertThat(pong.seq()).isEqualTo(seq);
  }

  private static void assertClosedWith(RawSocket socket, int code) {
    assertThat(socket.awaitCloseCode()).isEqualTo(code);
    assertThat(socket.endsWithin(Duration.ofSeconds(5)))
        .as("the socket ends after the close")
        .isTrue();
  }

  private static byte[] closePayload(int code, byte[] reason) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(code >>> 8);
    out.write(code);
    out.writeBytes(reason);
    return out.toByteArray();
  }

  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  // --- 1 framing ------------------------------------------------------------------------------

  @Nested
  class Framing {

    @Test
    void aBinaryFrameIsServed() {
      try (RawSocket socket = session()) {
        assertServes(socket, 11);
      }
    }

    @Test
    void aTextFrameGetsInvalidMessageAndTheConnectionStaysOpen() {
      try (RawSocket socket = session()) {
        socket.frame(TEXT, "{\"type\":6,\"seq\":1}".getBytes(StandardCharsets.UTF_8));
        ServerFrame error = socket.readServerFrame();
        assertThat(error.payload())
            .isEqualTo(
                new ServerPayload.Error(
                    ErrorCode.WS_INVALID_MESSAGE,
                    "text frames are not accepted: send binary MessagePack frames"));
        assertThat(error.seq()).isZero();
        assertServes(socket, 12);
      }
    }

    @Test
    void anEmptyBinaryFrameGetsInvalidMessageAndTheConnectionStaysOpen() {
      try (RawSocket socket = session()) {
        socket.frame(BINARY, new byte[0]);
        assertThat(socket.readServerFrame().payload())
            .isInstanceOfSatisfying(
                ServerPayload.Error.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.WS_INVALID_MESSAGE));
        assertServes(socket, 13);
      }
    }

    @Test
    void anUnmaskedBinaryFrameIsClosedWith1002() {
      try (RawSocket socket = session()) {
        socket.frame(true, 0, BINARY, false, pingRequest(14));
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }
  }

  // --- 3 reserved bits ------------------------------------------------------------------------

  @Nested
  class ReservedBits {

    @ParameterizedTest(name = "RSV {0} on a binary frame: 1002")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void aDataFrameWithReservedBitsIsClosedWith1002(int rsv) {
      try (RawSocket socket = session()) {
        socket.frame(true, rsv, BINARY, true, pingRequest(1));
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }

    @Test
    void aPingWithReservedBitsIsClosedWith1002() {
      try (RawSocket socket = session()) {
        socket.frame(true, 4, PING, true, new byte[0]);
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }
  }

  // --- 4 opcodes ------------------------------------------------------------------------------

  @Nested
  class Opcodes {

    @ParameterizedTest(name = "opcode {0}: 1002")
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void aReservedOpcodeIsClosedWith1002(int opcode) {
      try (RawSocket socket = session()) {
        socket.frame(true, 0, opcode, true, new byte[] {1, 2, 3});
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }
  }

  // --- 2 control frames -----------------------------------------------------------------------

  @Nested
  class ControlFrames {

    @ParameterizedTest(name = "ping of {0} bytes: pong with the same payload")
    @ValueSource(ints = {0, 5, 125})
    void aPingIsAnsweredWithAPongCarryingItsPayload(int size) {
      try (RawSocket socket = session()) {
        byte[] payload = bytes(size);
        socket.frame(PING, payload);
        RawSocket.Frame pong = socket.readFrame();
        assertThat(pong.opcode()).isEqualTo(PONG);
        assertThat(pong.fin()).isTrue();
        assertThat(pong.payload()).isEqualTo(payload);
        assertServes(socket, 21);
      }
    }

    @Test
    void aPingOver125BytesIsClosedWith1002() {
      try (RawSocket socket = session()) {
        socket.frame(PING, bytes(126));
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }

    @Test
    void aFragmentedPingIsClosedWith1002() {
      try (RawSocket socket = session()) {
        socket.frame(false, 0, PING, true, bytes(3));
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }

    @Test
    void anUnmaskedPingIsClosedWith1002() {
      try (RawSocket socket = session()) {
        socket.frame(true, 0, PING, false, bytes(3));
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }

    @Test
    void anUnsolicitedPongIsIgnored() {
      try (RawSocket socket = session()) {
        socket.frame(PONG, bytes(7));
        assertServes(socket, 22);
      }
    }
  }

  // --- 5 fragmentation ------------------------------------------------------------------------

  @Nested
  class Fragmentation {

    @Test
    void aFragmentedBinaryMessageIsAssembledAndServed() {
      try (RawSocket socket = session()) {
        byte[] whole = pingRequest(31);
        int third = whole.length / 3;
        socket.frame(false, 0, BINARY, true, Arrays.copyOfRange(whole, 0, third));
        socket.frame(false, 0, CONTINUATION, true, Arrays.copyOfRange(whole, third, 2 * third));
        socket.frame(
            true, 0, CONTINUATION, true, Arrays.copyOfRange(whole, 2 * third, whole.length));
        ServerFrame pong = socket.readServerFrame();
        assertThat(pong.type()).isEqualTo(FrameType.PONG);
        assertThat(pong.seq()).isEqualTo(31);
      }
    }

    @Test
    void aPingBetweenFragmentsIsAnsweredAndTheMessageStillAssembled() {
      try (RawSocket socket = session()) {
        byte[] whole = pingRequest(32);
        int half = whole.length / 2;
        socket.frame(false, 0, BINARY, true, Arrays.copyOfRange(whole, 0, half));
        socket.frame(PING, bytes(4));
        socket.frame(true, 0, CONTINUATION, true, Arrays.copyOfRange(whole, half, whole.length));
        RawSocket.Frame pong = socket.readFrame();
        assertThat(pong.opcode()).isEqualTo(PONG);
        assertThat(pong.payload()).isEqualTo(bytes(4));
        assertThat(socket.readServerFrame().seq()).isEqualTo(32);
      }
    }

    @Test
    void aContinuationWithoutAStartIsClosedWith1002() {
      try (RawSocket socket = session()) {
        socket.frame(true, 0, CONTINUATION, true, pingRequest(33));
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }

    @Test
    void aNewDataFrameInsideAFragmentedMessageIsClosedWith1002() {
      try (RawSocket socket = session()) {
        byte[] whole = pingRequest(34);
        socket.frame(false, 0, BINARY, true, Arrays.copyOfRange(whole, 0, 3));
        socket.frame(true, 0, BINARY, true, pingRequest(35));
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }

    @Test
    void aFragmentedTextMessageGetsInvalidMessageLikeAWholeOne() {
      try (RawSocket socket = session()) {
        socket.frame(false, 0, TEXT, true, "hel".getBytes(StandardCharsets.UTF_8));
        socket.frame(true, 0, CONTINUATION, true, "lo".getBytes(StandardCharsets.UTF_8));
        assertThat(socket.readServerFrame().payload())
            .isInstanceOfSatisfying(
                ServerPayload.Error.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.WS_INVALID_MESSAGE));
        assertServes(socket, 36);
      }
    }
  }

  // --- 6 UTF-8 --------------------------------------------------------------------------------

  @Nested
  class Utf8 {

    private static final byte[] INVALID = {(byte) 0xce, (byte) 0xba, (byte) 0xe1, (byte) 0xbd};

    @Test
    void aTextFrameWithInvalidUtf8IsClosedWith1007() {
      try (RawSocket socket = session()) {
        socket.frame(TEXT, new byte[] {'o', 'k', (byte) 0xff, (byte) 0xfe});
        assertClosedWith(socket, 1007);
      }
    }

    @Test
    void aCloseReasonWithInvalidUtf8IsClosedWith1007() {
      try (RawSocket socket = session()) {
        socket.frame(CLOSE, closePayload(1000, INVALID));
        assertClosedWith(socket, 1007);
      }
    }
  }

  // --- 7 close handling -----------------------------------------------------------------------

  @Nested
  class CloseHandling {

    @ParameterizedTest(name = "close {0}: echoed")
    @ValueSource(
        ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
    void aCloseWithAValidCodeIsEchoed(int code) {
      try (RawSocket socket = session()) {
        socket.frame(CLOSE, closePayload(code, "bye".getBytes(StandardCharsets.UTF_8)));
        assertClosedWith(socket, code);
      }
    }

    @ParameterizedTest(name = "close {0}: 1002")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
    void aCloseWithAnInvalidCodeIsClosedWith1002(int code) {
      try (RawSocket socket = session()) {
        socket.frame(CLOSE, closePayload(code, new byte[0]));
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }

    @Test
    void anEmptyCloseIsAnsweredWithACloseAndTheSocketEnds() {
      try (RawSocket socket = session()) {
        socket.frame(CLOSE, new byte[0]);
        RawSocket.Frame close = socket.awaitCloseFrame().orElseThrow();
        assertThat(close.payload().length).as("no code, or 1000").isIn(0, 2);
        if (close.payload().length == 2) {
          assertThat(close.closeCode()).isEqualTo(1000);
        }
        assertThat(socket.endsWithin(Duration.ofSeconds(5))).isTrue();
      }
    }

    @Test
    void aClosePayloadOfOneByteIsClosedWith1002() {
      try (RawSocket socket = session()) {
        socket.frame(CLOSE, new byte[] {0x03});
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }

    @Test
    void aCloseWithAReasonOf123BytesIsEchoed() {
      try (RawSocket socket = session()) {
        socket.frame(CLOSE, closePayload(1000, bytes(123)));
        assertClosedWith(socket, 1000);
      }
    }

    @Test
    void anUnmaskedCloseIsClosedWith1002() {
      try (RawSocket socket = session()) {
        socket.frame(true, 0, CLOSE, false, closePayload(1000, new byte[0]));
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }

    @Test
    void framesAfterTheCloseAreIgnored() {
      try (RawSocket socket = session()) {
        socket.frame(CLOSE, closePayload(1000, new byte[0]));
        socket.frame(BINARY, pingRequest(71));
        assertThat(socket.awaitCloseCode()).isEqualTo(1000);
        assertThat(socket.endsWithin(Duration.ofSeconds(5))).isTrue();
      }
    }
  }

  // --- 9 limits -------------------------------------------------------------------------------

  @Nested
  class Limits {

    @Test
    void aFrameOverTheFrameLimitGetsInvalidMessageThenClose1009() {
      try (RawSocket socket = session()) {
        socket.frame(BINARY, RawFrames.paddedPing(91, MAX_FRAME + 1));
        assertThat(socket.readServerFrame().payload())
            .isInstanceOfSatisfying(
                ServerPayload.Error.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.WS_INVALID_MESSAGE));
        assertClosedWith(socket, 1009);
      }
    }

    @Test
    void aFrameAtTheFrameLimitIsServed() {
      try (RawSocket socket = session()) {
        socket.frame(BINARY, RawFrames.paddedPing(92, MAX_FRAME));
        assertThat(socket.readServerFrame().seq()).isEqualTo(92);
      }
    }

    @ParameterizedTest(name = "64-bit length 0x{0}: 1002")
    @ValueSource(strings = {"8000000000000000", "8000000000000010", "ffffffffffffffff"})
    void aSixtyFourBitLengthWithTheHighBitSetIsClosedWith1002(String hexLength) {
      try (RawSocket socket = session()) {
        long length = Long.parseUnsignedLong(hexLength, 16);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | BINARY);
        frame.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          frame.write((int) (length >>> shift));
        }
        frame.writeBytes(new byte[] {1, 2, 3, 4}); // mask key
        socket.send(frame.toByteArray());
        // A valid request after it: it must not be read as the refused frame's payload or served.
        socket.frame(BINARY, pingRequest(93));
        assertClosedWith(socket, PROTOCOL_ERROR);
      }
    }
  }
}
