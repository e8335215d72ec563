package chat.gateway.load;

import chat.gateway.load.scenario.BacklogScenario;
import chat.gateway.load.scenario.ChatScenario;
import chat.gateway.load.scenario.FanoutScenario;
import chat.gateway.load.scenario.IdleScenario;
import chat.gateway.load.scenario.StormScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar load.jar <scenario> [options]}: the gateway's load tool. */
@Command(
    name = "load.jar",
    mixinStandardHelpOptions = true,
    description = "Load generator for the chat gateway, and the raw WebSocket echo baseline.",
    subcommands = {
      IdleScenario.class,
      ChatScenario.class,
      BacklogScenario.class,
      StormScenario.class,
      FanoutScenario.class,
      EchoServer.class
    })
public final class LoadMain implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** The command line, with errors reported as one line and exit status 2. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LoadMain());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
            commandLine.getErr().println("load: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
