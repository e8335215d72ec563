package chat.gateway.adapters.ws;

import chat.gateway.application.port.in.ConnectUseCase;
import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.Limits;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The Undertow server: the WebSocket endpoint at {@code /ws} (plain or TLS), the upgrade request
 * checks, the Origin check, and any extra HTTP handlers (health endpoints). Build with {@link
 * #builder()}.
 *
 * <p>The listener is assembled from Undertow's parts (XNIO worker, {@link HttpOpenListener}, TLS)
 * instead of {@code Undertow.builder()}, because the builder offers no hook on accepted sockets:
 * {@link PendingHandshakes} wraps the open listener to count and cap sockets that are not WebSocket
 * connections yet. Sockets in total are capped by XNIO's connection high-water mark (see {@link
 * SocketBudget}); a socket that has not completed its upgrade request within the handshake timeout
 * is closed by Undertow (no request yet: {@code NO_REQUEST_TIMEOUT}; part of one: {@code
 * REQUEST_PARSE_TIMEOUT}). Neither timeout applies after the upgrade: an upgraded socket is no
 * longer parsed as HTTP, and the session's read timeout takes over.
 */
public final class WebSocketServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketServer.class);

  /** Connect to a complete upgrade request, unless configured. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

  /** Sockets held before their upgrade, unless configured. */
  public static final int DEFAULT_MAX_HANDSHAKES = 1000;

  private final Builder settings;
  private final HttpHandler root;
  private final GracefulShutdownHandler gate;
  private final PendingHandshakes pending;
  private final WsEndpoint endpoint;
  private XnioWorker worker;
  private AcceptingChannel<? extends StreamConnection> listener;

  private WebSocketServer(
      Builder settings,
      HttpHandler root,
      GracefulShutdownHandler gate,
      PendingHandshakes pending,
      WsEndpoint endpoint) {
    this.settings = settings;
    this.root = root;
    this.gate = gate;
    this.pending = pending;
    this.endpoint = endpoint;
  }

  /** Bytes waiting to be written, across every connection: at most the total send buffer. */
  public long queuedSendBytes() {
    return endpoint.queuedBytes();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts listening; returns once the port is bound. */
  public synchronized WebSocketServer start() {
    try {
      Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
      worker =
          xnio.createWorker(
              OptionMap.builder()
                  .set(Options.WORKER_IO_THREADS, settings.ioThreads)
                  .set(Options.WORKER_TASK_CORE_THREADS, Math.max(2, settings.ioThreads))
                  .set(Options.WORKER_TASK_MAX_THREADS, Math.max(2, settings.ioThreads))
                  .set(Options.TCP_NODELAY, true)
                  .getMap());
      SocketBudget budget =
          SocketBudget.of(settings.limits.maxTotalConnections() + settings.maxHandshakes);
      OptionMap socketOptions =
          OptionMap.builder()
              .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
              .set(Options.TCP_NODELAY, true)
              .set(Options.REUSE_ADDRESSES, true)
              .set(Options.BALANCING_TOKENS, 1)
              .set(Options.BALANCING_CONNECTIONS, 2)
              .set(Options.BACKLOG, 1024)
              .set(Options.CONNECTION_HIGH_WATER, budget.allowed())
              .set(Options.CONNECTION_LOW_WATER, budget.allowed())
              .getMap();
      int handshakeMillis = (int) Math.min(Integer.MAX_VALUE, settings.handshakeTimeout.toMillis());
      OptionMap serverOptions =
          OptionMap.builder()
              .set(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
              .set(UndertowOptions.NO_REQUEST_TIMEOUT, handshakeMillis)
              .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, handshakeMillis)
              .getMap();
      HttpOpenListener http =
          new HttpOpenListener(
              new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4), serverOptions);
      http.setRootHandler(root);
      pending.start(http, handshakeCap(budget, settings.maxHandshakes));
      warnIfClamped(budget, pending.capacity());
      InetSocketAddress address = new InetSocketAddress(settings.host, settings.port);
      if (settings.tls.isPresent()) {
        UndertowXnioSsl ssl =
            new UndertowXnioSsl(
                xnio, OptionMap.create(Options.USE_DIRECT_BUFFERS, true), settings.tls.get());
        listener =
            ssl.createSslConnectionServer(
                worker, address, ChannelListeners.openListenerAdapter(pending), socketOptions);
      } else {
        listener =
            worker.createStreamConnectionServer(
                address, ChannelListeners.openListenerAdapter(pending), socketOptions);
      }
      listener.resumeAccepts();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot listen on " + settings.host + ":" + settings.port, e);
    }
    InetSocketAddress bound = address();
    LOG.info(
        "listening on {}://{}:{}/ws",
        settings.tls.isPresent() ? "wss" : "ws",
        bound.getHostString(),
        bound.getPort());
    return this;
  }

  /**
   * The handshake cap: as configured, unless the descriptors clamped the socket budget; then at
   * most half of it, so that pending sockets alone never reach the high-water mark (accepting would
   * stop, and a client would wait in the backlog behind a flood until it timed out).
   */
  static int handshakeCap(SocketBudget budget, int maxHandshakes) {
    return budget.clamped()
        ? Math.min(maxHandshakes, Math.max(1, budget.allowed() / 2))
        : maxHandshakes;
  }

  private static void warnIfClamped(SocketBudget budget, int handshakeCap) {
    if (budget.clamped()) {
      LOG.warn(
          "the file-descriptor limit ({}, {} open) does not cover GATEWAY_MAX_CONNECTIONS +"
              + " GATEWAY_MAX_HANDSHAKES = {} sockets: holding at most {} sockets, {} of them"
              + " pending handshakes. Raise the limit (ulimit -n {}) or lower the caps",
          budget.descriptorLimit(),
          budget.descriptorsOpen(),
          budget.wanted(),
          budget.allowed(),
          handshakeCap,
          budget.descriptorsNeeded());
    }
  }

  /** The bound address (useful when the configured port was 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalAddress();
  }

  public int port() {
    return address().getPort();
  }

  /** Sockets accepted and not (yet) upgraded to WebSocket connections. */
  public int pendingHandshakes() {
    return pending.pending();
  }

  /** New upgrades get 503 from now on; open connections and other routes are untouched. */
  public void stopAccepting() {
    gate.shutdown();
  }

  /** Stops the server, dropping whatever is still open. */
  @Override
  public synchronized void close() {
    IoUtils.safeClose(listener);
    if (worker != null) {
      worker.shutdownNow();
      try {
        worker.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Server settings; the endpoint, the limits and the port are required. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8443;
    private Optional<SSLContext> tls = Optional.empty();
    private OriginPolicy origins = OriginPolicy.any();
    private Limits limits = Limits.defaults();
    private Duration closeGrace = Duration.ofSeconds(3);
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private int maxHandshakes = DEFAULT_MAX_HANDSHAKES;
    private ConnectUseCase connect;
    private FrameCodec codec = new FrameCodec();
    private GatewayMetrics metrics = GatewayMetrics.none();
    private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private final Map<String, HttpHandler> routes = new LinkedHashMap<>();

    private Builder() {}

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder tls(SSLContext value) {
      tls = Optional.of(value);
      return this;
    }

    public Builder origins(OriginPolicy value) {
      origins = value;
      return this;
    }

    public Builder limits(Limits value) {
      limits = value;
      return this;
    }

    /** How long a client has to answer the gateway's close frame before the socket is cut. */
    public Builder closeGrace(Duration value) {
      closeGrace = value;
      return this;
    }

    /**
     * How long a socket may take from connect to a complete upgrade request (or, on other routes,
     * stay idle between requests) before it is closed.
     */
    public Builder handshakeTimeout(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(
            "GATEWAY_HANDSHAKE_TIMEOUT must be positive, got " + value);
      }
      handshakeTimeout = value;
      return this;
    }

    /** Sockets held at most while not (yet) WebSocket connections; more close the oldest. */
    public Builder maxHandshakes(int value) {
      if (value < 1) {
        throw new IllegalArgumentException(
            "GATEWAY_MAX_HANDSHAKES must be at least 1, got " + value);
      }
      maxHandshakes = value;
      return this;
    }

    public Builder connect(ConnectUseCase value) {
      connect = value;
      return this;
    }

    public Builder codec(FrameCodec value) {
      codec = value;
      return this;
    }

    /** Where sockets, frames and bytes are counted; {@link GatewayMetrics#none()} unless set. */
    public Builder metrics(GatewayMetrics value) {
      metrics = Objects.requireNonNull(value, "metrics");
      return this;
    }

    public Builder ioThreads(int value) {
      ioThreads = value;
      return this;
    }

    /** Serves {@code handler} at exactly {@code path} (e.g. /healthz). */
    public Builder route(String path, HttpHandler handler) {
      routes.put(path, handler);
      return this;
    }

    public WebSocketServer build() {
      Objects.requireNonNull(connect, "connect");
      PendingHandshakes pending = new PendingHandshakes();
      WsEndpoint endpoint = new WsEndpoint(connect, codec, limits, closeGrace, metrics);
      // Version 13 only: Undertow's default list also serves the drafts 7 and 8.
      HttpHandler upgrade =
          UpgradeRequests.remember(
              new WebSocketProtocolHandshakeHandler(
                  List.of(new GuardedHandshake(pending::upgraded)),
                  endpoint,
                  exchange ->
                      UpgradeRequestCheck.refuse(
                          exchange, StatusCodes.BAD_REQUEST, "not a WebSocket upgrade request")));
      // Only upgrades pass the gate: health endpoints must keep answering while draining.
      GracefulShutdownHandler gate =
          Handlers.gracefulShutdown(new UpgradeRequestCheck(whileAccepting(checkOrigin(upgrade))));
      PathHandler paths = Handlers.path().addExactPath("/ws", gate);
      routes.forEach(paths::addExactPath);
      return new WebSocketServer(this, paths, gate, pending, endpoint);
    }

    /**
     * While the application takes no connections (the instance drains), an upgrade gets 503 and
     * never becomes a WebSocket: its client connects to another instance.
     */
    private HttpHandler whileAccepting(HttpHandler next) {
      ConnectUseCase sessions = connect;
      return exchange -> {
        if (!sessions.accepting()) {
          UpgradeRequestCheck.refuse(
              exchange,
              StatusCodes.SERVICE_UNAVAILABLE,
              "draining: this instance takes no new connections, connect to another one");
          return;
        }
        next.handleRequest(exchange);
      };
    }

    private HttpHandler checkOrigin(HttpHandler next) {
      OriginPolicy policy = origins;
      return exchange -> {
        Optional<String> origin =
            Optional.ofNullable(exchange.getRequestHeaders().getFirst(Headers.ORIGIN));
        if (!policy.allows(origin)) {
          LOG.info(
              "refused upgrade from origin {} ({})", origin.get(), exchange.getSourceAddress());
          exchange.setStatusCode(StatusCodes.FORBIDDEN);
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
          exchange.getResponseSender().send("origin not allowed\n");
          return;
        }
        next.handleRequest(exchange);
      };
    }
  }
}
