package chat.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The internal port's settings: defaults, a free port on 0, and a token that never shows. */
class AdminSettingsTest {

  private static final String TOKEN = "admin-settings-test-token-0123456789abcdef";

  @Test
  void byDefaultTheInternalPortIsLoopback9090WithTheAdminApiOff() {
    GatewayConfig.Admin admin = parse().toConfig().admin();

    assertThat(admin.host()).isEqualTo("127.0.0.1");
    assertThat(admin.port()).isEqualTo(9090);
    assertThat(admin.token()).isEmpty();
    assertThat(Setting.ADMIN_TOKEN.value(Map.<String, String>of()::get)).isEmpty();
  }

  @Test
  void theOptionsReachTheConfigurationAndPortZeroIsAllowed() {
    GatewayConfig.Admin admin =
        parse("--admin-host", "0.0.0.0", "--admin-port", "0", "--admin-token", TOKEN)
            .toConfig()
            .admin();

    assertThat(admin.host()).isEqualTo("0.0.0.0");
    assertThat(admin.port()).isZero();
    assertThat(admin.token())
        .hasValueSatisfying(token -> assertThat(token.matches(TOKEN)).isTrue());
  }

  @Test
  void theVariablesAreReadWhenTheOptionsAreNotGiven() {
    Map<String, String> environment =
        Map.of("GATEWAY_ADMIN_PORT", "9191", "GATEWAY_ADMIN_TOKEN", TOKEN);

    assertThat(Setting.ADMIN_PORT.value(environment::get)).contains("9191");
    assertThat(Setting.ADMIN_TOKEN.value(environment::get)).contains(TOKEN);
    assertThat(Setting.ADMIN_HOST.value(environment::get)).contains("127.0.0.1");
  }

  @Test
  void badValuesAreRefusedNamingTheSettingAndNeverTheToken() {
    assertThatThrownBy(() -> parse("--admin-port", "70000").toConfig())
        .hasMessageContaining("GATEWAY_ADMIN_PORT must be 0-65535");
    assertThatThrownBy(() -> parse("--admin-token", "too-short").toConfig())
        .hasMessageContaining("GATEWAY_ADMIN_TOKEN must be at least 32 bytes")
        .hasMessageNotContaining("too-short");
  }

  @Test
  void theBannerNamesTheBoundMetricsPortAndNeverTheToken() {
    GatewayConfig config = parse("--admin-port", "0", "--admin-token", TOKEN).toConfig();

    String banner = Banner.describe(config, 8443, 45678);

    assertThat(banner)
        .contains("metrics:  http://127.0.0.1:45678/metrics")
        .contains("admin:    on")
        .doesNotContain(TOKEN);
    assertThat(config.toString()).doesNotContain(TOKEN);
    assertThat(Banner.describe(parse().toConfig(), 8443, 9090))
        .contains("admin:    off; set GATEWAY_ADMIN_TOKEN");
  }

  private static ServeCommand parse(String... args) {
    ServeCommand command = new ServeCommand(new PrintStream(OutputStream.nullOutputStream()));
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
