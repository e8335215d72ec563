package chat.gateway.bootstrap;

import chat.gateway.client.cli.ChatCommand;
import chat.gateway.client.cli.ProductVersion;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar gateway.jar [serve|token|chat] [options]}: without a command, serves. Errors are
 * one line saying what to do, never a stack trace. The only class that touches the standard
 * streams: the commands get them as arguments.
 */
@Command(
    name = "gateway",
    description = "The chat gateway.",
    mixinStandardHelpOptions = true,
    versionProvider = ProductVersion.class)
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // Before anything logs: the logging configuration reads the level from this property.
    if (System.getProperty(Setting.LOG_LEVEL.variable()) == null) {
      Setting.LOG_LEVEL
          .value(System::getenv)
          .ifPresent(level -> System.setProperty(Setting.LOG_LEVEL.variable(), level));
    }
    System.exit(run(args, System.in, System.out, System.err));
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    CommandLine cli =
        new CommandLine(new Main())
            .addSubcommand(new ServeCommand(out))
            .addSubcommand(new TokenCommand(out))
            .addSubcommand(new UsersCommand(out))
            .addSubcommand(new ChatCommand(out, in));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (error, command, parsed) -> {
          err.println("error: " + describe(error));
          return 2;
        });
    String[] effective =
        args.length == 0 || args[0].startsWith("--") && !isHelp(args[0])
            ? prepend("serve", args)
            : args;
    return cli.execute(effective);
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("--version");
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
