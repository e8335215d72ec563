package chat.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.application.service.DrainPace;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The drain's pace: read from flags (or their variables) into the server settings, and bounded. */
class DrainSettingsTest {

  @Test
  void default500ConnectionsASecondFrom5SecondsAfterTheStart() {
    DrainPace pace = parse().toConfig().server().drain();

    assertThat(pace).isEqualTo(DrainPace.defaults());
    assertThat(pace).isEqualTo(new DrainPace(500, Duration.ofSeconds(1), Duration.ofSeconds(5)));
  }

  @Test
  void flowFromTheFlagsIntoTheConfiguration() {
    GatewayConfig config =
        parse("--drain-batch", "50", "--drain-interval", "250ms", "--drain-delay", "0s").toConfig();

    assertThat(config.server().drain())
        .isEqualTo(new DrainPace(50, Duration.ofMillis(250), Duration.ZERO));
  }

  @Test
  void refuseAnEmptyBatchAndANonPositiveIntervalNamingTheVariable() {
    assertThatThrownBy(() -> parse("--drain-batch", "0").toConfig())
        .hasMessageContaining("GATEWAY_DRAIN_BATCH must be at least 1, got 0");
    assertThatThrownBy(() -> parse("--drain-interval", "0s").toConfig())
        .hasMessageContaining("GATEWAY_DRAIN_INTERVAL must be positive, got 0s");
    assertThatThrownBy(() -> parse("--drain-delay", "PT-1S").toConfig())
        .hasMessageContaining("GATEWAY_DRAIN_DELAY cannot be negative");
  }

  @Test
  void theVariablesAreTheDefaultsOfTheFlags() {
    assertThat(Setting.DRAIN_BATCH.value(name -> name.equals("GATEWAY_DRAIN_BATCH") ? "7" : null))
        .contains("7");
    assertThat(Setting.DRAIN_INTERVAL.value(name -> null)).contains("1s");
    assertThat(Setting.DRAIN_DELAY.value(name -> null)).contains("5s");
  }

  private static ServeCommand parse(String... args) {
    ServeCommand command = new ServeCommand(new PrintStream(OutputStream.nullOutputStream()));
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
