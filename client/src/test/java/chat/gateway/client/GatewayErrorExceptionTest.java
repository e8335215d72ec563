package chat.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.ErrorCode;
import org.junit.jupiter.api.Test;

class GatewayErrorExceptionTest {

  @Test
  void anAuthErrorIsSplitIntoItsCodeAndText() {
    GatewayErrorException error =
        GatewayErrorException.ofAuthError("WS_AUTH_FAILED: token expired");
    assertThat(error.code()).isEqualTo(ErrorCode.WS_AUTH_FAILED);
    assertThat(error.text()).isEqualTo("token expired");
    assertThat(error.getMessage()).isEqualTo("WS_AUTH_FAILED: token expired");
  }

  @Test
  void anAuthErrorWithoutAKnownCodeIsKeptWholeUnderAuthFailed() {
    GatewayErrorException error = GatewayErrorException.ofAuthError("NOPE: bad: token");
    assertThat(error.code()).isEqualTo(ErrorCode.WS_AUTH_FAILED);
    assertThat(error.text()).isEqualTo("NOPE: bad: token");
  }
}
