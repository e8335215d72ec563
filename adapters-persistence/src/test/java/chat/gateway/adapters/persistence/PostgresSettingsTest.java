package chat.gateway.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The group commit settings: defaults, and bounds refused with the reason. */
class PostgresSettingsTest {

  private static final String URL = "jdbc:postgresql://127.0.0.1/gateway";

  @Test
  void theDefaultGroupCommitNeverHasMoreWritersThanConnections() {
    assertThat(new PostgresSettings(URL, "u", "p", 10, true).groupCommit())
        .isEqualTo(new PostgresSettings.GroupCommit(2, 256, 4096));
    assertThat(new PostgresSettings(URL, "u", "p", 1, true).groupCommit().writers()).isEqualTo(1);
  }

  @Test
  void groupCommitBoundsOutsideTheirRangeAreRefused() {
    assertThatThrownBy(() -> new PostgresSettings.GroupCommit(0, 256, 4096))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 writer");
    assertThatThrownBy(() -> new PostgresSettings.GroupCommit(2, 0, 4096))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 10000 messages, got 0");
    assertThatThrownBy(() -> new PostgresSettings.GroupCommit(2, 10_001, 4096))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 10001");
    assertThatThrownBy(() -> new PostgresSettings.GroupCommit(2, 256, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queue must hold at least 1");
    PostgresSettings settings = new PostgresSettings(URL, "u", "p", 3, true);
    assertThatThrownBy(() -> settings.withGroupCommit(new PostgresSettings.GroupCommit(4, 256, 64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("writers (4) must not outnumber the pool's connections (3)");
  }
}
