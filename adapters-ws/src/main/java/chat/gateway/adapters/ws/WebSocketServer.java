package chat.gateway.adapters.ws;

import chat.gateway.application.port.in.ConnectUseCase;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.Limits;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * The Undertow server: the WebSocket endpoint at {@code /ws} (plain or TLS), the Origin check, and
 * any extra HTTP handlers (health endpoints). Build with {@link #builder()}.
 */
public final class WebSocketServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketServer.class);

  private final Undertow undertow;
  private final GracefulShutdownHandler gate;
  private final boolean tls;
  private final WsEndpoint endpoint;

  private WebSocketServer(
      Undertow undertow, GracefulShutdownHandler gate, boolean tls, WsEndpoint endpoint) {
    this.undertow = undertow;
    this.gate = gate;
    this.tls = tls;
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
  public WebSocketServer start() {
    undertow.start();
    InetSocketAddress bound = address();
    LOG.info(
        "listening on {}://{}:{}/ws", tls ? "wss" : "ws", bound.getHostString(), bound.getPort());
    return this;
  }

  /** The bound address (useful when the configured port was 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress();
  }

  public int port() {
    return address().getPort();
  }

  /** New upgrades get 503 from now on; open connections and other routes are untouched. */
  public void stopAccepting() {
    gate.shutdown();
  }

  /** Stops the server, dropping whatever is still open. */
  @Override
  public void close() {
    undertow.stop();
  }

  /** Server settings; the endpoint, the limits and the port are required. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8443;
    private Optional<SSLContext> tls = Optional.empty();
    private OriginPolicy origins = OriginPolicy.any();
    private Limits limits = Limits.defaults();
    private Duration closeGrace = Duration.ofSeconds(3);
    private ConnectUseCase connect;
    private FrameCodec codec = new FrameCodec();
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

    public Builder connect(ConnectUseCase value) {
      connect = value;
      return this;
    }

    public Builder codec(FrameCodec value) {
      codec = value;
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
      WsEndpoint endpoint = new WsEndpoint(connect, codec, limits, closeGrace);
      HttpHandler upgrade = Handlers.websocket(endpoint);
      // Only upgrades pass the gate: health endpoints must keep answering while draining.
      GracefulShutdownHandler gate = Handlers.gracefulShutdown(checkOrigin(upgrade));
      PathHandler paths = Handlers.path().addExactPath("/ws", gate);
      routes.forEach(paths::addExactPath);
      Undertow.Builder undertow =
          Undertow.builder()
              .setIoThreads(ioThreads)
              .setWorkerThreads(Math.max(2, ioThreads))
              .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
              .setSocketOption(Options.TCP_NODELAY, true)
              .setSocketOption(Options.BACKLOG, 1024)
              .setHandler(paths);
      if (tls.isPresent()) {
        undertow.addHttpsListener(port, host, tls.get());
      } else {
        undertow.addHttpListener(port, host);
      }
      return new WebSocketServer(undertow.build(), gate, tls.isPresent(), endpoint);
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
