package chat.gateway.domain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Close codes tell a client whether to reconnect (protocol brief, sections 1, 4, 9 and 11): 1001
 * and 4000–4099 mean "reconnect with backoff"; 1008, 1009 and 4400–4499 mean "do not".
 */
class CloseReasonTest {

  @ParameterizedTest
  @CsvSource({
    "PEER_CLOSED, 1000, true",
    "GOING_AWAY, 1001, true",
    "INTERNAL_ERROR, 4000, true",
    "READ_TIMEOUT, 4001, true",
    "SLOW_CONSUMER, 4002, true",
    "AUTH_TIMEOUT, 4003, true",
    "SERVER_FULL, 4004, true",
    "AUTH_FAILED, 1008, false",
    "FRAME_TOO_LARGE, 1009, false",
    "POLICY_VIOLATION, 4400, false",
    "KICKED, 4403, false",
    "REPLACED, 4409, false"
  })
  void codeAndReconnect(CloseReason reason, int code, boolean reconnect) {
    assertThat(reason.code()).isEqualTo(code);
    assertThat(reason.reconnect()).isEqualTo(reconnect);
  }

  @Test
  void codesAreUnique() {
    int[] codes = Arrays.stream(CloseReason.values()).mapToInt(CloseReason::code).toArray();

    assertThat(codes).doesNotHaveDuplicates().hasSize(CloseReason.values().length);
  }

  @ParameterizedTest
  @EnumSource(CloseReason.class)
  void reconnectCodesAreInTheBackoffRange(CloseReason reason) {
    if (reason == CloseReason.PEER_CLOSED) {
      // The peer closed: the gateway sends nothing, so the code never reaches a client.
      assertThat(reason.code()).isEqualTo(1000);
      return;
    }
    int code = reason.code();
    if (reason.reconnect()) {
      assertThat(code == 1001 || (code >= 4000 && code <= 4099)).as("%s %d", reason, code).isTrue();
    } else {
      assertThat(code == 1008 || code == 1009 || (code >= 4400 && code <= 4499))
          .as("%s %d", reason, code)
          .isTrue();
    }
  }

  @Test
  void theBriefsGroups() {
    assertThat(
            Set.of(
                CloseReason.GOING_AWAY,
                CloseReason.SLOW_CONSUMER,
                CloseReason.READ_TIMEOUT,
                CloseReason.INTERNAL_ERROR))
        .allMatch(CloseReason::reconnect);
    assertThat(Set.of(CloseReason.AUTH_FAILED, CloseReason.REPLACED, CloseReason.POLICY_VIOLATION))
        .noneMatch(CloseReason::reconnect);
  }

  @ParameterizedTest
  @EnumSource(CloseReason.class)
  void codeIsSendableInACloseFrame(CloseReason reason) {
    int code = reason.code();
    boolean standard = code >= 1000 && code <= 1014 && !Set.of(1004, 1005, 1006).contains(code);
    boolean application = code >= 3000 && code <= 4999;

    assertThat(standard || application).as("%s %d", reason, code).isTrue();
  }

  @ParameterizedTest
  @EnumSource(CloseReason.class)
  void descriptionFitsACloseFrame(CloseReason reason) {
    assertThat(reason.description()).isNotBlank();
    assertThat(reason.description().getBytes(UTF_8).length).isLessThanOrEqualTo(123);
  }
}
