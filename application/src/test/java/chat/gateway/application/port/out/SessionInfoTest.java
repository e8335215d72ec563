package chat.gateway.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionInfoTest {

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "within bounds | Mozilla/5.0 (X11; Linux) | Mozilla/5.0 (X11; Linux)",
        "control and non-ASCII characters | a\tb\u00e9c\u4e2d | a?b?c?",
        "none sent | | ''",
      })
  void aUserAgentIsKeptAsPrintableAscii(String why, String sent, String kept) {
    assertThat(new SessionInfo("192.0.2.1:1", sent, 0).userAgent()).isEqualTo(kept);
  }

  @ParameterizedTest(name = "{0} characters sent")
  @CsvSource({"255", "256", "257", "10000"})
  void aUserAgentIsCutAtItsBound(int length) {
    String sent = "u".repeat(length);

    String kept = new SessionInfo("192.0.2.1:1", sent, 0).userAgent();

    assertThat(kept).hasSize(Math.min(length, SessionInfo.MAX_USER_AGENT));
    assertThat(sent).startsWith(kept);
  }

  @ParameterizedTest(name = "{0} characters sent")
  @CsvSource({"64", "65", "500"})
  void anAddressIsCutAtItsBound(int length) {
    assertThat(new SessionInfo("a".repeat(length), "", 0).remoteAddress())
        .hasSize(Math.min(length, SessionInfo.MAX_REMOTE_ADDRESS));
  }
}
