package chat.gateway.client.cli;

import chat.gateway.client.GatewayClient;
import chat.gateway.client.GatewayClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chat --url ws://localhost:8443/ws --token <jwt>}: a chat client for a terminal or a
 * script. Reads commands from its input, one per line (see {@link InputParser#USAGE}), and prints
 * one line per event (see {@link EventPrinter}). A lost connection is re-established as the library
 * does it (backoff, resend, catch-up), with a line for each step. Exits 0 at the end of its input
 * or on {@code /quit}, once every message sent is acked (bounded); 1 when the first connection does
 * not succeed within 30 s, the token is refused, or the gateway says not to reconnect.
 */
@Command(
    name = "chat",
    description = {
      "Chat from a terminal or a script: commands in, one line per event out.",
      "Input: @<user> <text> | /online | /away | /offline | /read <message id>"
          + " | /watch <user>... | /quit",
      "A lost connection is re-established by itself (backoff, resend, catch-up).",
      "Exit status: 0 at end of input or /quit; 1 when the first connection fails"
          + " within 30 s, the token is refused, or the gateway says not to reconnect."
    },
    mixinStandardHelpOptions = true,
    versionProvider = ProductVersion.class)
public final class ChatCommand implements Callable<Integer> {

  private static final Duration CONNECT_WAIT = Duration.ofSeconds(30);

  @Option(
      names = "--url",
      defaultValue = "${env:GATEWAY_URL:-ws://localhost:8443/ws}",
      description = "The gateway's WebSocket URL (env GATEWAY_URL; default ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--token",
      description =
          "The token (a JWT); other local users can see it in the process list."
              + " Else --token-file, else the variable GATEWAY_TOKEN.")
  String token;

  @Option(
      names = "--token-file",
      description = "A file holding the token; read again at every connection.")
  Path tokenFile;

  @Option(
      names = "--insecure-trust",
      paramLabel = "<cert.pem|store.p12>",
      description = "Trust this certificate (PEM, or PKCS#12) for wss://: a development one.")
  Path trust;

  @Option(
      names = "--trust-password",
      defaultValue = "${env:GATEWAY_TRUST_PASSWORD:-}",
      description = "The PKCS#12 password of --insecure-trust (env GATEWAY_TRUST_PASSWORD).")
  String trustPassword;

  private final PrintStream out;
  private final InputStream in;
  private final Map<String, String> env;

  /** A command printing to {@code out} and reading commands from {@code in}. */
  public ChatCommand(PrintStream out, InputStream in) {
    this(out, in, System.getenv());
  }

  ChatCommand(PrintStream out, InputStream in, Map<String, String> env) {
    this.out = out;
    this.in = in;
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException, ExecutionException {
    Supplier<String> tokens = tokens();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    AtomicReference<GatewayClient> client = new AtomicReference<>();
    EventPrinter printer =
        new EventPrinter(
            out,
            () -> Optional.ofNullable(client.get()).flatMap(GatewayClient::user),
            () -> exit.complete(1));
    GatewayClientBuilder builder = GatewayClient.builder(url).token(tokens).listener(printer);
    if (trust != null) {
      builder.trustStore(trust, trustPassword.toCharArray());
    }
    try (GatewayClient connection = builder.build()) {
      client.set(connection);
      if (!connected(connection, printer)) {
        return 1;
      }
      Conversation conversation = new Conversation(connection, printer);
      Thread.ofPlatform()
          .daemon()
          .name("chat-input")
          // Not the calling thread: a read from a terminal cannot be interrupted, and the command
          // must end when the connection does.
          .start(() -> exit.complete(conversation.run(lines())));
      return exit.get();
    }
  }

  private boolean connected(GatewayClient client, EventPrinter printer)
      throws InterruptedException {
    try {
      client.connect().get(CONNECT_WAIT.toSeconds(), TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException refusedOrClosed) {
      // The listener has printed the refusal or the close already.
      return false;
    } catch (TimeoutException e) {
      printer.error("no answer from " + url + " within " + CONNECT_WAIT.toSeconds() + " s");
      return false;
    }
  }

  private BufferedReader lines() {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private Supplier<String> tokens() {
    if (token != null && !token.isBlank()) {
      String given = token.strip();
      return () -> given;
    }
    if (tokenFile != null) {
      Path file = tokenFile;
      readToken(file);
      return () -> readToken(file);
    }
    String fromEnv = env.getOrDefault("GATEWAY_TOKEN", "").strip();
    if (!fromEnv.isEmpty()) {
      return () -> fromEnv;
    }
    throw new IllegalArgumentException(
        "no token: pass --token or --token-file, or set GATEWAY_TOKEN"
            + " (the token command mints one: token --user 42)");
  }

  private static String readToken(Path file) {
    try {
      String read = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (read.isEmpty()) {
        throw new IllegalArgumentException("the token file " + file + " is empty");
      }
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + file + ": " + e, e);
    }
  }
}
