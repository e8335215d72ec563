package chat.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every setting's default lives in {@link Setting}: the command line takes it from there, and the
 * README's table shows exactly those settings with exactly those defaults.
 */
class SettingsTest {

  private static final Pattern ROW = Pattern.compile("^\\| `(GATEWAY_[A-Z_]+)` \\| ([^|]*) \\|");
  private static final Set<String> STANDARD = Set.of("--help", "--version");

  @Test
  void everyOptionOfTheServeCommandIsASettingAndEverySettingWithAnOptionIsOne() {
    CommandLine serve = new CommandLine(new ServeCommand(quiet()));
    List<String> options =
        serve.getCommandSpec().options().stream()
            .map(OptionSpec::longestName)
            .filter(name -> !STANDARD.contains(name))
            .toList();

    assertThat(options).allSatisfy(name -> assertThat(Setting.forOption(name)).isPresent());
    assertThat(options)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Setting.values()).flatMap(setting -> setting.option().stream()).toList());
  }

  @Test
  void theReadmeTableListsEverySettingWithItsDefault() throws Exception {
    Map<String, String> table = readmeTable();
    Map<String, Setting> settings =
        Arrays.stream(Setting.values())
            .collect(Collectors.toMap(Setting::variable, Function.identity()));

    assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(settings.keySet());
    table.forEach(
        (variable, cell) -> {
          Setting setting = settings.get(variable);
          String expected =
              setting
                  .documentedDefault()
                  .map(value -> value.isEmpty() ? "empty" : "`" + value + "`")
                  .orElse("none");
          assertThat(cell).as("README default of %s", variable).startsWith(expected);
        });
  }

  @Test
  void anOptionNotGivenTakesItsVariableOrElseTheSettingsDefault() {
    Map<String, String> environment = Map.of("GATEWAY_SEND_QUEUE", "42");

    assertThat(Setting.SEND_QUEUE.value(environment::get)).contains("42");
    assertThat(Setting.SEND_QUEUE_BYTES.value(environment::get)).contains("1048576");
    assertThat(Setting.WRITE_TIMEOUT.value(environment::get)).contains("10s");
    assertThat(Setting.MEMORY_STORE_MAX_AGE.value(environment::get)).contains("7d");
    assertThat(Setting.JWT_SECRET.value(environment::get)).isEmpty();
  }

  @Test
  void theParsedDefaultsAreTheSettingsDefaults() {
    ServeCommand command = new ServeCommand(quiet());
    new CommandLine(command).parseArgs();
    GatewayConfig config = command.toConfig();

    assertThat(config.limits()).isEqualTo(chat.gateway.domain.Limits.defaults());
    assertThat(config.server().handshakeTimeout())
        .isEqualTo(chat.gateway.adapters.ws.WebSocketServer.DEFAULT_HANDSHAKE_TIMEOUT);
    assertThat(config.shutdownTimeout()).hasSeconds(10);
  }

  @Test
  void theDatabaseSettingsReachPostgresql() {
    ServeCommand command = new ServeCommand(quiet());
    new CommandLine(command)
        .parseArgs("--db-url", "jdbc:postgresql://db:5432/chat", "--db-max-batch", "7");

    var database = command.toConfig().database().orElseThrow();
    assertThat(database.url()).isEqualTo("jdbc:postgresql://db:5432/chat");
    assertThat(database.user()).isEqualTo("gateway");
    assertThat(database.poolSize()).isEqualTo(10);
    assertThat(database.groupCommit().maxBatch()).isEqualTo(7);
    assertThat(database.groupCommit().writers()).isEqualTo(2);
    assertThat(database.groupCommit().maxWaiting()).isEqualTo(4096);
    assertThat(database.connectionTimeout()).hasSeconds(3);
    assertThat(database.userCacheTtl()).hasSeconds(5);
  }

  @Test
  void theUserCacheTtlReachesPostgresql() {
    ServeCommand command = new ServeCommand(quiet());
    new CommandLine(command)
        .parseArgs("--db-url", "jdbc:postgresql://db:5432/chat", "--db-user-cache-ttl", "250ms");

    assertThat(command.toConfig().database().orElseThrow().userCacheTtl()).hasMillis(250);
  }

  @Test
  void withoutADatabaseUrlMessagesStayInMemory() {
    ServeCommand command = new ServeCommand(quiet());
    new CommandLine(command).parseArgs();

    assertThat(command.toConfig().database()).isEmpty();
  }

  private static Map<String, String> readmeTable() throws Exception {
    Map<String, String> rows = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
    int start = lines.indexOf("## Configuration");
    assertThat(start).as("the README's configuration section").isNotNegative();
    boolean inTable = false;
    for (String line : lines.subList(start, lines.size())) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        rows.put(row.group(1), row.group(2).strip());
        inTable = true;
      } else if (inTable && !line.startsWith("|")) {
        break;
      }
    }
    return rows;
  }

  private static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream());
  }
}
