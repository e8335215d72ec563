package chat.gateway.client;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The threads and the JDK HttpClient behind {@link GatewayClient}s. A client built without any gets
 * its own: one event thread, the HttpClient's selector and a few I/O workers, all ended by its
 * {@code close()}. Many clients in one process (a load test, a bot farm, a server fanning out)
 * share one set instead, so that threads do not grow with connections: each client's events still
 * run one at a time and in order, on a few shared threads.
 *
 * <pre>{@code
 * try (ClientResources shared = ClientResources.builder().name("bots").eventThreads(2).build()) {
 *   GatewayClient a = GatewayClient.builder(uri).token(tokenA).resources(shared).build();
 *   GatewayClient b = GatewayClient.builder(uri).token(tokenB).resources(shared).build();
 *   ...
 * } // closes the threads: close the clients first
 * }</pre>
 *
 * <p>Closing a client leaves shared resources running; closing the resources ends every client
 * still using them without a goodbye, so close the clients first. Thread-safe.
 */
public final class ClientResources implements AutoCloseable {

  private static final AtomicInteger SETS = new AtomicInteger();
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final ExecutorService events;
  private final ScheduledExecutorService timers;
  private final ExecutorService io;
  private final HttpClient http;

  private ClientResources(
      ExecutorService events,
      ScheduledExecutorService timers,
      ExecutorService io,
      Optional<SSLContext> sslContext) {
    this.events = events;
    this.timers = timers;
    this.io = io;
    HttpClient.Builder http = HttpClient.newBuilder().executor(io);
    sslContext.ifPresent(http::sslContext);
    this.http = http.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One client's own: a single thread runs both its events and its timers. */
  static ClientResources own(String name, Optional<SSLContext> sslContext) {
    ScheduledThreadPoolExecutor loop = scheduler(name + "-events");
    // Cached: a lone client's workers come and go with its few requests.
    ExecutorService io = Executors.newCachedThreadPool(daemons(name + "-io-"));
    return new ClientResources(loop, loop, io, sslContext);
  }

  HttpClient http() {
    return http;
  }

  ExecutorService events() {
    return events;
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  ExecutorService io() {
    return io;
  }

  boolean isClosed() {
    return io.isShutdown();
  }

  /**
   * Ends the threads and the HttpClient, waiting briefly for them; idempotent. Clients still using
   * them lose their connections without a close frame and cannot reconnect.
   */
  @Override
  public void close() {
    close(true);
  }

  /** Ends everything; waits for the threads unless {@code wait} is false (called on one). */
  void close(boolean wait) {
    if (io.isShutdown()) {
      return;
    }
    if (timers != events) {
      timers.shutdownNow();
    }
    // Not shutdownNow: the tasks queued run (a client's last events), only pending timers drop;
    // and the caller may be running on one of these threads.
    events.shutdown();
    http.shutdownNow();
    io.shutdownNow();
    if (!wait) {
      return;
    }
    try {
      long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
      events.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      http.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      io.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.shutdownNow();
  }

  private static ScheduledThreadPoolExecutor scheduler(String threadName) {
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread created = new Thread(task, threadName);
              created.setDaemon(true);
              return created;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return scheduler;
  }

  /** Daemons, so that resources nobody closed never keep a JVM alive; numbered from 1. */
  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread created = new Thread(task, prefix + count.incrementAndGet());
      created.setDaemon(true);
      return created;
    };
  }

  /** Configures shared {@link ClientResources}. */
  public static final class Builder {

    private String name = "gateway-clients-" + SETS.incrementAndGet();
    private int eventThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private Optional<SSLContext> sslContext = Optional.empty();

    private Builder() {}

    /** The prefix of the threads' names (default {@code gateway-clients-N}). */
    public Builder name(String prefix) {
      this.name = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** How many threads run the clients' events (default: one per processor). */
    public Builder eventThreads(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("eventThreads must be at least 1, got " + count);
      }
      this.eventThreads = count;
      return this;
    }

    /**
     * How many threads the shared HttpClient hands its work to, and the token suppliers run on
     * (default: one per processor, at least two). Fixed, so that a burst of connections does not
     * start a thread each; a token supplier that blocks holds one of them meanwhile.
     */
    public Builder ioThreads(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("ioThreads must be at least 1, got " + count);
      }
      this.ioThreads = count;
      return this;
    }

    /** The TLS context for {@code wss://}, for every client using these resources. */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Optional.of(context);
      return this;
    }

    /** Trusts the certificates in {@code file}; see {@link TrustStores#trusting(Path, char[])}. */
    public Builder trustStore(Path file, char[] password) {
      return sslContext(TrustStores.trusting(file, password));
    }

    public ClientResources build() {
      ScheduledThreadPoolExecutor timers = scheduler(name + "-timer");
      ExecutorService events =
          Executors.newFixedThreadPool(eventThreads, daemons(name + "-events-"));
      ExecutorService io = Executors.newFixedThreadPool(ioThreads, daemons(name + "-io-"));
      return new ClientResources(events, timers, io, sslContext);
    }
  }
}
