package chat.gateway.adapters.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminTokenTest {

  private static final String SECRET = "a-token-of-thirty-two-bytes-at-least";

  @Test
  void matchesOnlyItself() {
    AdminToken token = AdminToken.of(SECRET);

    assertThat(token.matches(SECRET)).isTrue();
    assertThat(token.matches(SECRET + " ")).isFalse();
    assertThat(token.matches(SECRET.substring(1))).isFalse();
    assertThat(token.matches("")).isFalse();
  }

  @Test
  void neverShowsItself() {
    assertThat(AdminToken.of(SECRET).toString()).doesNotContain(SECRET).contains("hidden");
  }

  @Test
  void aShortTokenIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> AdminToken.of("short-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GATEWAY_ADMIN_TOKEN must be at least 32 bytes")
        .hasMessageNotContaining("short-secret");
  }
}
