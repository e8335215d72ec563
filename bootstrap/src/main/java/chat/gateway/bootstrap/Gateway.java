package chat.gateway.bootstrap;

import chat.gateway.adapters.admin.AdminApi;
import chat.gateway.adapters.admin.AdminServer;
import chat.gateway.adapters.admin.MicrometerGatewayMetrics;
import chat.gateway.adapters.ws.OriginPolicy;
import chat.gateway.adapters.ws.TlsContexts;
import chat.gateway.adapters.ws.WebSocketServer;
import chat.gateway.application.port.in.DrainUseCase;
import chat.gateway.application.session.GatewayCore;
import chat.gateway.domain.CloseReason;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the adapters {@link Adapters} chooses from the configuration, JWT auth, the
 * Undertow server. Wired by hand; everything closable is registered once and closed in reverse
 * order.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final GatewayConfig config;
  private final Closer closer = new Closer();
  private final Health health = new Health();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final ExecutorService executor;
  private final GatewayCore core;
  private final WebSocketServer server;
  private final AdminServer admin;

  private Gateway(GatewayConfig config) {
    this.config = config;
    try {
      MicrometerGatewayMetrics metrics = closer.register("metrics", new MicrometerGatewayMetrics());
      Adapters adapters = Adapters.choose(config, closer, metrics);
      health.dependsOn(adapters.dependencies());
      executor = closer.register("executor", Executors.newVirtualThreadPerTaskExecutor());
      ScheduledExecutorService timers =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("gateway-timers").daemon().factory());
      closer.register("timers", timers::shutdownNow);
      core =
          adapters
              .into(GatewayCore.builder())
              .audienceMode(config.audience())
              .executor(executor)
              .timers(timers)
              .logContext(new MdcLogContext())
              .limits(config.limits())
              .livenessTtl(config.cluster().livenessTtl())
              .metrics(metrics)
              .drainPace(config.server().drain())
              .build();
      health.drainingWhen(() -> !core.accepting());
      server = closer.register("server", webSocketServer(config, core, health, metrics).start());
      metrics.watchConnections(
          core::openSockets,
          core.registry()::registeredConnections,
          core.registry()::registeredUsers);
      metrics.watchSendQueue(server::queuedSendBytes);
      metrics.watchKafkaLag(adapters.eventBusLag());
      metrics.watchReadiness(health::isReady);
      metrics.watchLimits(
          config.limits().maxTotalConnections(), config.limits().sendBufferTotalBytes());
      admin = closer.register("admin port", adminServer(config.admin(), metrics, core));
      health.ready();
    } catch (RuntimeException e) {
      closer.close();
      throw e;
    }
  }

  /** Starts a gateway; returns once it accepts connections. */
  public static Gateway start(GatewayConfig config) {
    return new Gateway(config);
  }

  /** The port the gateway listens on. */
  public int port() {
    return server.port();
  }

  /** The port of /metrics and the admin API (the bound one when the configured one was 0). */
  public int adminPort() {
    return admin.port();
  }

  /**
   * Moves this instance's clients to the other instances: not ready and no new connection from the
   * start, then its connections closed with 1001 a batch at a time (see {@link DrainUseCase}).
   */
  public DrainUseCase drain() {
    return core.drain();
  }

  /** How many sockets are open. */
  public int openConnections() {
    return core.openSockets();
  }

  /** Bytes waiting to be written to clients, across every connection. */
  public long queuedSendBytes() {
    return server.queuedSendBytes();
  }

  /** How many accepted sockets are not (yet) WebSocket connections. */
  public int pendingHandshakes() {
    return server.pendingHandshakes();
  }

  /**
   * Stops gracefully, at most once: not ready, no new connections, every connection closed with
   * 1001 (going away) so clients reconnect elsewhere, in-flight work finished, then everything
   * closed. Bounded by the configured shutdown timeout.
   */
  public void shutdown() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    health.draining();
    // Before the closes: each client's last frame is then its 1001, not others' departures.
    core.beginShutdown();
    server.stopAccepting();
    int closing = core.closeAll(CloseReason.GOING_AWAY);
    LOG.info("shutting down: closing {} connections", closing);
    while (core.openSockets() > 0 && System.nanoTime() < deadline) {
      sleep(Duration.ofMillis(20));
    }
    // Whatever did not close in time: its routes and presence go now, not when the ttl lapses.
    core.leaveCluster();
    executor.shutdown();
    try {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!executor.awaitTermination(left, TimeUnit.NANOSECONDS)) {
        LOG.warn("shutdown timeout reached with work still running");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closer.close();
    LOG.info("stopped");
  }

  @Override
  public void close() {
    shutdown();
  }

  private static AdminServer adminServer(
      GatewayConfig.Admin settings, MicrometerGatewayMetrics metrics, GatewayCore core) {
    AdminServer.Builder server =
        AdminServer.builder()
            .host(settings.host())
            .port(settings.port())
            .token(settings.token())
            .metrics(metrics::scrape);
    return new AdminApi(core.admin(), core.drain()).register(server).start();
  }

  private static WebSocketServer webSocketServer(
      GatewayConfig config, GatewayCore core, Health health, MicrometerGatewayMetrics metrics) {
    GatewayConfig.Server settings = config.server();
    WebSocketServer.Builder builder =
        WebSocketServer.builder()
            .host(settings.host())
            .port(settings.port())
            .ioThreads(settings.ioThreads())
            .handshakeTimeout(settings.handshakeTimeout())
            .maxHandshakes(settings.maxHandshakes())
            .origins(OriginPolicy.of(settings.allowedOrigins()))
            .limits(config.limits())
            .connect(core)
            .metrics(metrics)
            .route("/healthz", health::live)
            .route("/readyz", health::ready);
    settings
        .tls()
        .ifPresent(
            tls ->
                builder.tls(
                    TlsContexts.load(
                        tls.certificate(),
                        tls.key().orElse(tls.certificate()),
                        tls.password().toCharArray())));
    return builder.build();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
