package chat.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.GatewayMetrics;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Which adapters may be taken never to wait: only when messages, users and cluster state are all in
 * this process are requests served on the socket's I/O thread.
 */
class AdaptersTest {

  private static final String[] DB = {"--db-url", "jdbc:postgresql://db:5432/chat"};

  private static final String[] CLUSTER = {
    "--redis-url", "redis://r:6379", "--kafka-bootstrap", "k:9092"
  };

  @Test
  void theEmbeddedGatewayServesRequestsOnTheThreadThatReadThem() {
    try (Closer closer = new Closer()) {
      Adapters adapters =
          Adapters.choose(
              parse("--jwt-secret", "0123456789abcdef0123456789abcdef").toConfig(),
              closer,
              GatewayMetrics.none());

      assertThat(adapters.inProcess()).isTrue();
    }
  }

  @Test
  void postgresqlOrAClusterKeepsEveryRequestOnTheExecutor() {
    assertThat(Adapters.inProcess(parse().toConfig())).isTrue();
    assertThat(Adapters.inProcess(parse(DB).toConfig())).isFalse();
    assertThat(
            Adapters.inProcess(
                parse(DB[0], DB[1], CLUSTER[0], CLUSTER[1], CLUSTER[2], CLUSTER[3]).toConfig()))
        .isFalse();
  }

  private static ServeCommand parse(String... args) {
    ServeCommand command = new ServeCommand(new PrintStream(OutputStream.nullOutputStream()));
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
