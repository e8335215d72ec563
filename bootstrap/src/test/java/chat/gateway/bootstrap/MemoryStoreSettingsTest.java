package chat.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The embedded store's bounds: read from flags (or their variables), and stated by the banner. */
class MemoryStoreSettingsTest {

  @Test
  void defaultToAMillionMessages256MiBAndSevenDays() {
    GatewayConfig.MemoryStore store = parse().memoryStore.toConfig();

    assertThat(store).isEqualTo(GatewayConfig.MemoryStore.defaults());
    assertThat(store)
        .isEqualTo(
            new GatewayConfig.MemoryStore(1_000_000, 256L * 1024 * 1024, Duration.ofDays(7)));
  }

  @Test
  void flowFromTheFlagsIntoTheConfiguration() {
    GatewayConfig config =
        parse(
                "--memory-store-max-messages",
                "500",
                "--memory-store-max-bytes",
                "1048576",
                "--memory-store-max-age",
                "2h")
            .toConfig();

    assertThat(config.memoryStore())
        .isEqualTo(new GatewayConfig.MemoryStore(500, 1_048_576, Duration.ofHours(2)));
  }

  @Test
  void refuseNonPositiveBoundsNamingTheVariable() {
    assertThatThrownBy(() -> parse("--memory-store-max-messages", "0").toConfig())
        .hasMessageContaining("GATEWAY_MEMORY_STORE_MAX_MESSAGES");
    assertThatThrownBy(() -> parse("--memory-store-max-bytes", "-1").toConfig())
        .hasMessageContaining("GATEWAY_MEMORY_STORE_MAX_BYTES");
    assertThatThrownBy(() -> parse("--memory-store-max-age", "0s").toConfig())
        .hasMessageContaining("GATEWAY_MEMORY_STORE_MAX_AGE");
  }

  @Test
  void theBannerSaysWhatTheStoreKeeps() {
    assertThat(Banner.describe(parse("--port", "0").toConfig(), 8443))
        .contains(
            "messages: kept in memory, up to 1,000,000 messages / 256 MiB / 7 days (oldest"
                + " evicted first); lost on restart");
    assertThat(Banner.keeps(new GatewayConfig.MemoryStore(1, 1536, Duration.ofMinutes(90))))
        .startsWith("kept in memory, up to 1 message / 1536 bytes / 90 minutes");
  }

  private static ServeCommand parse(String... args) {
    ServeCommand command = new ServeCommand(new PrintStream(OutputStream.nullOutputStream()));
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
