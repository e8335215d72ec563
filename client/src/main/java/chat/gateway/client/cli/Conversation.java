package chat.gateway.client.cli;

import chat.gateway.client.GatewayClient;
import chat.gateway.domain.ContentType;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The chat command's input loop: each line becomes a request; at the end of the input it waits
 * (bounded) for the answers still due, so that a script's last message is acked and printed before
 * the command closes the connection.
 */
final class Conversation {

  private static final long DRAIN_SECONDS = 10;

  private final GatewayClient client;
  private final EventPrinter printer;
  private final List<CompletableFuture<?>> inFlight = new ArrayList<>();

  Conversation(GatewayClient client, EventPrinter printer) {
    this.client = client;
    this.printer = printer;
  }

  /** Reads {@code lines} to the end or {@code /quit}; returns the exit status. */
  int run(BufferedReader lines) {
    int status = 0;
    try (lines) {
      String line;
      while ((line = lines.readLine()) != null && handle(InputParser.parse(line))) {
        inFlight.removeIf(CompletableFuture::isDone);
      }
    } catch (IOException e) {
      printer.error("cannot read the input: " + e.getMessage());
      status = 1;
    }
    drain();
    return status;
  }

  /** Carries out one input; false on /quit. */
  private boolean handle(Input input) {
    switch (input) {
      case Input.Send send ->
          track(
              client
                  .send(send.to().value(), ContentType.TEXT.wireName(), send.text())
                  .thenAccept(printer::sent));
      case Input.SetPresence presence -> track(client.setPresence(presence.status()));
      case Input.Read read -> track(client.markRead(read.message()));
      case Input.Watch watch -> track(client.watchPresence(watch.users()));
      case Input.Quit quit -> {
        return false;
      }
      case Input.Blank blank -> {
        // Nothing asked.
      }
      case Input.Unknown unknown -> printer.usage();
    }
    return true;
  }

  private void track(CompletableFuture<?> request) {
    inFlight.add(request.whenComplete((ignored, error) -> report(error)));
  }

  private void report(Throwable error) {
    if (error != null) {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      printer.error(cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }
  }

  private void drain() {
    CompletableFuture<Void> all =
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture<?>[]::new))
            .handle((ignored, error) -> null);
    try {
      all.get(DRAIN_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      printer.error("some requests got no answer within " + DRAIN_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
