package chat.gateway.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code type} codes (protocol brief, section 2). */
class FrameTypeTest {

  @ParameterizedTest
  @CsvSource({
    "AUTH, 1, true",
    "CHAT, 2, true",
    "ACK, 3, true",
    "SYNC_REQ, 4, true",
    "PRESENCE, 5, true",
    "PING, 6, true",
    "PRESENCE_SUB, 7, true",
    "AUTH_RSP, 101, false",
    "CHAT_PUSH, 102, false",
    "SYNC_RSP, 103, false",
    "PRESENCE_PUSH, 104, false",
    "PONG, 105, false",
    "ERROR, 106, false",
    "CHAT_ACK, 107, false",
    "RECEIPT_PUSH, 108, false"
  })
  void codes(FrameType type, int code, boolean fromClient) {
    assertThat(type.code()).isEqualTo(code);
    assertThat(FrameType.fromCode(code)).contains(type);
    assertThat(type.fromClient()).isEqualTo(fromClient);
  }

  @ParameterizedTest
  @EnumSource(FrameType.class)
  void everyConstantRoundTrips(FrameType type) {
    assertThat(FrameType.fromCode(type.code())).contains(type);
  }

  @Test
  void codesAreUnique() {
    assertThat(Arrays.stream(FrameType.values()).mapToInt(FrameType::code).toArray())
        .doesNotHaveDuplicates();
  }

  @Test
  void fromClientExactlyForOneToSeven() {
    assertThat(Arrays.stream(FrameType.values()).filter(FrameType::fromClient))
        .extracting(FrameType::code)
        .containsExactly(1, 2, 3, 4, 5, 6, 7);
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        0,
        8,
        9,
        99,
        100,
        109,
        110,
        255,
        -1,
        -101,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        (1L << 32) + 1, // would be AUTH if the code were narrowed to int first
        (1L << 32) + 101
      })
  void unknownCodes(long code) {
    assertThat(FrameType.fromCode(code)).isEmpty();
  }
}
