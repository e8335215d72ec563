package chat.gateway.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

  @Test
  void defaults() {
    RedisSettings settings = new RedisSettings("redis://localhost:6379");

    assertThat(settings.commandTimeout()).isEqualTo(RedisSettings.DEFAULT_COMMAND_TIMEOUT);
    assertThat(settings.keyPrefix()).isEqualTo("gw:");
  }

  @Test
  void refusesAnotherSchemeWithoutShowingTheUrl() {
    assertThatThrownBy(() -> new RedisSettings("http://user:s3cret@localhost:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis://")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void refusesATimeoutBelowTheMinimum() {
    assertThatThrownBy(() -> new RedisSettings("redis://localhost", Duration.ofMillis(49), "gw:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 50 ms");
  }

  @Test
  void refusesAPrefixThatCouldBreakTheKeyLayout() {
    assertThatThrownBy(() -> new RedisSettings("redis://localhost", Duration.ofSeconds(1), "a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key prefix");
  }
}
