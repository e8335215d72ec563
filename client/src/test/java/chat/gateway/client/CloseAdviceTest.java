package chat.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.CloseReason;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CloseAdviceTest {

  @ParameterizedTest
  @EnumSource(value = CloseReason.class, names = "PEER_CLOSED", mode = EnumSource.Mode.EXCLUDE)
  void everyCodeTheGatewaySendsIsAdvisedAsTheGatewaySays(CloseReason reason) {
    CloseAdvice expected =
        reason.reconnect() ? CloseAdvice.RECONNECT : CloseAdvice.DO_NOT_RECONNECT;
    assertThat(CloseAdvice.of(reason.code())).isEqualTo(expected);
  }

  @Test
  void theGatewaysCodesIncludeBothKinds() {
    assertThat(Arrays.stream(CloseReason.values()).map(r -> CloseAdvice.of(r.code())))
        .contains(CloseAdvice.RECONNECT, CloseAdvice.DO_NOT_RECONNECT);
  }

  static Stream<Arguments> otherCodes() {
    return Stream.of(
        Arguments.of(CloseAdvice.NORMAL_CLOSURE, CloseAdvice.DO_NOT_RECONNECT),
        Arguments.of(1001, CloseAdvice.RECONNECT),
        Arguments.of(1002, CloseAdvice.DO_NOT_RECONNECT),
        Arguments.of(1003, CloseAdvice.DO_NOT_RECONNECT),
        Arguments.of(CloseAdvice.ABNORMAL_CLOSURE, CloseAdvice.RECONNECT),
        Arguments.of(1007, CloseAdvice.DO_NOT_RECONNECT),
        Arguments.of(1011, CloseAdvice.RECONNECT),
        Arguments.of(1012, CloseAdvice.RECONNECT),
        Arguments.of(1013, CloseAdvice.RECONNECT),
        Arguments.of(1015, CloseAdvice.DO_NOT_RECONNECT),
        Arguments.of(4050, CloseAdvice.RECONNECT),
        Arguments.of(4099, CloseAdvice.RECONNECT),
        Arguments.of(4400, CloseAdvice.DO_NOT_RECONNECT),
        Arguments.of(4499, CloseAdvice.DO_NOT_RECONNECT),
        Arguments.of(4500, CloseAdvice.RECONNECT),
        Arguments.of(3000, CloseAdvice.RECONNECT));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("otherCodes")
  void otherCodesAreReadByTheirRange(int code, CloseAdvice expected) {
    assertThat(CloseAdvice.of(code)).isEqualTo(expected);
  }
}
