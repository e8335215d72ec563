package chat.gateway.codec;

import static chat.gateway.domain.ErrorCode.WS_INVALID_MESSAGE;
import static chat.gateway.domain.ErrorCode.WS_INVALID_PAYLOAD;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random damage to valid frames, with a fixed seed so a failure replays: decoding must answer Ok or
 * Failed for every input, never throw, and whatever it accepts must survive a round trip.
 */
class MutationFuzzTest {

  private static final long SEED = 0x5EED_C0DECL;
  private static final int RUNS = 20_000;

  private final FrameCodec codec = new FrameCodec();

  @Test
  void decodingSurvivesRandomMutations() {
    List<byte[]> seeds = seeds();
    Random random = new Random(SEED);
    int accepted = 0;
    for (int run = 0; run < RUNS; run++) {
      byte[] bytes = seeds.get(random.nextInt(seeds.size()));
      int mutations = 1 + random.nextInt(4);
      for (int i = 0; i < mutations; i++) {
        bytes = mutate(bytes, random);
      }
      accepted += check(bytes, run);
    }
    // Some damage lands in ignored places or in values; the test must exercise both outcomes.
    assertThat(accepted).isBetween(1, RUNS - 1);
  }

  /** Returns 1 when either direction accepted the bytes. */
  private int check(byte[] bytes, int run) {
    String input = "run " + run + ": " + HexFormat.of().formatHex(bytes);
    Decoded<ClientFrame> client = decodeClient(bytes, input);
    Decoded<ServerFrame> server = decodeServer(bytes, input);
    for (Decoded<?> decoded : List.of(client, server)) {
      if (decoded instanceof Decoded.Failed<?> failed) {
        assertThat(failed.code()).as(input).isIn(WS_INVALID_MESSAGE, WS_INVALID_PAYLOAD);
        assertThat(failed.reason()).as(input).isNotBlank();
      }
    }
    if (client instanceof Decoded.Ok<ClientFrame> ok) {
      assertThat(codec.decodeClient(codec.encode(ok.frame()))).as(input).isEqualTo(ok);
      return 1;
    }
    if (server instanceof Decoded.Ok<ServerFrame> ok) {
      assertThat(codec.decodeServer(codec.encode(ok.frame()))).as(input).isEqualTo(ok);
      return 1;
    }
    return 0;
  }

  private Decoded<ClientFrame> decodeClient(byte[] bytes, String input) {
    try {
      return assertThat(codec.decodeClient(bytes)).as(input).isNotNull().actual();
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("decodeClient threw on " + input, e);
    }
  }

  private Decoded<ServerFrame> decodeServer(byte[] bytes, String input) {
    try {
      return assertThat(codec.decodeServer(bytes)).as(input).isNotNull().actual();
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("decodeServer threw on " + input, e);
    }
  }

  private static byte[] mutate(byte[] bytes, Random random) {
    int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
    return switch (random.nextInt(5)) {
      case 0 -> flipBit(bytes, at, random);
      case 1 -> setByte(bytes, at, (byte) random.nextInt(256));
      case 2 -> setByte(bytes, at, INTERESTING[random.nextInt(INTERESTING.length)]);
      case 3 -> insert(bytes, random.nextInt(bytes.length + 1), (byte) random.nextInt(256));
      default -> delete(bytes, at);
    };
  }

  /** Header bytes most likely to reach a length or type check. */
  private static final byte[] INTERESTING = {
    (byte) 0xc0, (byte) 0xc1, (byte) 0xc4, (byte) 0xc6, (byte) 0xcb, (byte) 0xcf, (byte) 0xd3,
    (byte) 0xd9, (byte) 0xdb, (byte) 0xdd, (byte) 0xdf, (byte) 0x9f, (byte) 0x8f, (byte) 0xff
  };

  private static byte[] flipBit(byte[] bytes, int at, Random random) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] copy = bytes.clone();
    copy[at] ^= (byte) (1 << random.nextInt(8));
    return copy;
  }

  private static byte[] setByte(byte[] bytes, int at, byte value) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] copy = bytes.clone();
    copy[at] = value;
    return copy;
  }

  private static byte[] insert(byte[] bytes, int at, byte value) {
    byte[] copy = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, copy, 0, at);
    copy[at] = value;
    System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
    return copy;
  }

  private static byte[] delete(byte[] bytes, int at) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] copy = Arrays.copyOf(bytes, bytes.length - 1);
    System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
    return copy;
  }

  /** Valid encodings of every frame type, small enough to mutate quickly. */
  private List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    Samples.clientFrames().stream().map(codec::encode).forEach(seeds::add);
    Samples.serverFrames().stream().map(codec::encode).forEach(seeds::add);
    GoldenBytesTest.goClientFrames()
        .map(args -> Wire.hex((String) args.get()[0]))
        .forEach(seeds::add);
    seeds.removeIf(bytes -> bytes.length > 4096);
    return seeds;
  }
}
