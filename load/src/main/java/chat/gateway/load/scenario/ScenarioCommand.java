package chat.gateway.load.scenario;

import chat.gateway.load.Client;
import chat.gateway.load.Harness;
import chat.gateway.load.LoadOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every scenario command has: the shared options, a harness, connecting many clients. */
abstract class ScenarioCommand implements Callable<Integer> {

  @Mixin LoadOptions options;

  @Option(
      names = "--connect-rate",
      description = "Connections opened per second while connecting (default 5000; 0: no pacing).")
  double connectRate = 5000;

  @Option(
      names = "--inflight",
      description =
          "At most this many connections between connect and ready at once (default 500; the"
              + " gateway closes the oldest of more than GATEWAY_MAX_HANDSHAKES, 1000, pending).")
  int inflight = 500;

  @Option(
      names = "--connect-timeout",
      description = "Seconds to wait for all connections to be ready (default 120).")
  long connectTimeoutSeconds = 120;

  PrintStream out = System.out;

  abstract String name();

  /** How many sockets the scenario opens, for the file-descriptor check. */
  abstract long connections();

  abstract void run(Harness harness) throws InterruptedException;

  @Override
  public Integer call() throws InterruptedException {
    try (Harness harness = new Harness(options, name(), connections(), out)) {
      run(harness);
      return harness.finish();
    }
  }

  /**
   * Opens {@code clients} at --connect-rate (intended times scheduled by the clock), with at most
   * --inflight not yet ready; returns when each is ready or closed, or at the timeout.
   */
  void connectAll(Harness harness, List<Client> clients, double rate) throws InterruptedException {
    long base = harness.ready() + harness.failed();
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(connectTimeoutSeconds);
    int n = clients.size();
    for (int i = 0; i < n; i++) {
      long intended = rate > 0 ? start + (long) (i * 1e9 / rate) : System.nanoTime();
      parkUntil(intended);
      while (i - (harness.ready() + harness.failed() - base) >= inflight) {
        if (System.nanoTime() - deadline > 0) {
          return;
        }
        LockSupport.parkNanos(100_000);
      }
      Client client = clients.get(i);
      client.intendedNanos = rate > 0 ? intended : System.nanoTime();
      harness.open(client, client.urlIndex);
    }
    awaitUntil(() -> harness.ready() + harness.failed() - base >= n, deadline);
  }

  static void parkUntil(long nanoTime) {
    long wait;
    while ((wait = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  /** Waits until {@code done} or {@code deadline}; true when done. */
  static boolean awaitUntil(BooleanSupplier done, long deadline) throws InterruptedException {
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /** Closes every client on its own loop thread and waits a moment for the closes to go out. */
  static void closeAll(Harness harness, List<Client> clients) throws InterruptedException {
    harness.closing();
    for (Client client : clients) {
      if (client.connection() != null) {
        client.connection().loop().execute(client::close);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    awaitUntil(() -> clients.stream().allMatch(c -> c.closed || c.connection() == null), deadline);
  }

  /** Fails when the gateway's users cannot hold {@code connections} (3 connections a user). */
  static void requireUsersFor(Harness h, long connections) {
    if (h.gateway() && connections > 3 * h.userCount()) {
      throw new IllegalArgumentException(
          "--connections "
              + connections
              + " needs at least "
              + (connections + 2) / 3
              + " users (3 connections each); widen --users and the gateway's GATEWAY_USERS");
    }
  }

  static double perSecond(long count, long nanos) {
    return nanos <= 0 ? 0 : count * 1e9 / nanos;
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
