package chat.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * GATEWAY_LOG_FORMAT names the logging configuration's appender: text unless set, json when asked,
 * anything else refused in one line before the gateway starts (LogsIT runs the json format).
 */
class LogFormatSettingTest {

  @Test
  void isTextUnlessSetAndJsonWhenAskedInAnyCase() {
    assertThat(ServeCommand.logFormat(parse().logFormat)).isEqualTo("text");
    assertThat(ServeCommand.logFormat(parse("--log-format", "JSON").logFormat)).isEqualTo("json");
    assertThat(ServeCommand.logFormat(parse("--log-format", " text ").logFormat)).isEqualTo("text");
  }

  @Test
  void anotherFormatIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> ServeCommand.logFormat("xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GATEWAY_LOG_FORMAT must be text or json, got 'xml'");

    MainAccess.Result result = MainAccess.run("serve", "--log-format", "xml", "--port", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip())
        .isEqualTo("error: GATEWAY_LOG_FORMAT must be text or json, got 'xml'");
  }

  private static ServeCommand parse(String... args) {
    ServeCommand command = new ServeCommand(new PrintStream(OutputStream.nullOutputStream()));
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
