package chat.gateway.adapters.admin;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal HTTP port, apart from the clients' one: {@code GET /metrics} for Prometheus, without
 * a token, and the admin API under {@code /admin/}, each request with {@code Authorization: Bearer
 * <token>}. Without a token configured the admin API is off and every {@code /admin/} path says so
 * (503); a missing or wrong token gets 401. The token is never logged nor echoed.
 */
public final class AdminServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

  /** The Prometheus text format this serves. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  static final String OFF =
      error(
          "admin_api_off",
          "the admin API is off: set GATEWAY_ADMIN_TOKEN (32 bytes or more, e.g. openssl rand"
              + " -base64 32) and restart the gateway");
  static final String UNAUTHORIZED =
      error("unauthorized", "send the header Authorization: Bearer <GATEWAY_ADMIN_TOKEN>");
  static final String NOT_FOUND =
      error("not_found", "no such endpoint; the endpoints are in GET /admin/openapi.json");
  static final String METHOD_NOT_ALLOWED = error("method_not_allowed", "see /admin/openapi.json");

  private final Undertow server;
  private final InetSocketAddress address;
  private final boolean adminOn;

  private AdminServer(Undertow server, boolean adminOn) {
    this.server = server;
    this.adminOn = adminOn;
    this.address = (InetSocketAddress) server.getListenerInfo().getFirst().getAddress();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The bound port (useful when the configured one was 0). */
  public int port() {
    return address.getPort();
  }

  /** Whether the admin API answers (a token is configured). */
  public boolean adminOn() {
    return adminOn;
  }

  @Override
  public void close() {
    server.stop();
  }

  /** What the server serves, and where. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 9090;
    private Optional<AdminToken> token = Optional.empty();
    private Supplier<String> metrics = () -> "";
    private final Map<String, HttpHandler> admin = new LinkedHashMap<>();

    private Builder() {
      admin.put("/admin/openapi.json", Builder::openApi);
    }

    public Builder host(String value) {
      host = Objects.requireNonNull(value, "host");
      return this;
    }

    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("GATEWAY_ADMIN_PORT must be 0-65535, got " + value);
      }
      port = value;
      return this;
    }

    /** The admin API's token; empty: the admin API is off. */
    public Builder token(Optional<AdminToken> value) {
      token = Objects.requireNonNull(value, "token");
      return this;
    }

    /** What {@code GET /metrics} answers: the Prometheus text, made at each scrape. */
    public Builder metrics(Supplier<String> value) {
      metrics = Objects.requireNonNull(value, "metrics");
      return this;
    }

    /**
     * Serves {@code handler} at exactly {@code path} (under /admin/), behind the token; a path
     * ending with '/' also serves every path below it that no exact path serves.
     */
    public Builder admin(String path, HttpHandler handler) {
      if (!path.startsWith("/admin/")) {
        throw new IllegalArgumentException("admin endpoints live under /admin/, not " + path);
      }
      admin.put(path, Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** The paths served so far: {@code /metrics} and the admin paths (prefixes end with '/'). */
    Set<String> paths() {
      Set<String> paths = new LinkedHashSet<>();
      paths.add("/metrics");
      paths.addAll(admin.keySet());
      return paths;
    }

    /** Binds and starts serving; throws with the address when it cannot listen. */
    public AdminServer start() {
      Map<String, HttpHandler> routes = Map.copyOf(admin);
      Optional<AdminToken> guard = token;
      Supplier<String> scrape = metrics;
      HttpHandler root =
          exchange -> {
            String path = exchange.getRequestPath();
            if (path.equals("/metrics")) {
              serveMetrics(exchange, scrape);
            } else if (path.equals("/admin") || path.startsWith("/admin/")) {
              serveAdmin(exchange, guard, routes);
            } else {
              json(exchange, StatusCodes.NOT_FOUND, NOT_FOUND);
            }
          };
      Undertow server =
          Undertow.builder()
              .addHttpListener(port, host)
              .setIoThreads(1)
              .setWorkerThreads(2)
              .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
              .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 64L * 1024)
              .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
              .setHandler(root)
              .build();
      try {
        server.start();
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "cannot listen on "
                + host
                + ":"
                + port
                + " for /metrics and /admin/ (GATEWAY_ADMIN_HOST, GATEWAY_ADMIN_PORT): "
                + e.getMessage(),
            e);
      }
      AdminServer started = new AdminServer(server, guard.isPresent());
      LOG.info(
          "admin port listening on http://{}:{}: /metrics; admin API {}",
          host,
          started.port(),
          guard.isPresent() ? "on" : "off (GATEWAY_ADMIN_TOKEN not set)");
      return started;
    }

    private static void openApi(HttpServerExchange exchange) {
      if (!Methods.GET.equals(exchange.getRequestMethod())) {
        methodNotAllowed(exchange, "GET");
        return;
      }
      json(exchange, StatusCodes.OK, OpenApi.DOCUMENT);
    }
  }

  private static void serveMetrics(HttpServerExchange exchange, Supplier<String> scrape) {
    if (!Methods.GET.equals(exchange.getRequestMethod())) {
      methodNotAllowed(exchange, "GET");
      return;
    }
    if (exchange.isInIoThread()) {
      // A scrape walks every meter: not on the I/O thread.
      exchange.dispatch(() -> serveMetrics(exchange, scrape));
      return;
    }
    exchange.setStatusCode(StatusCodes.OK);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PROMETHEUS_TEXT);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(scrape.get(), StandardCharsets.UTF_8);
  }

  private static void serveAdmin(
      HttpServerExchange exchange, Optional<AdminToken> token, Map<String, HttpHandler> routes)
      throws Exception {
    if (token.isEmpty()) {
      json(exchange, StatusCodes.SERVICE_UNAVAILABLE, OFF);
      return;
    }
    if (!authorized(exchange, token.get())) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"gateway admin\"");
      json(exchange, StatusCodes.UNAUTHORIZED, UNAUTHORIZED);
      return;
    }
    HttpHandler handler = routes.get(exchange.getRequestPath());
    if (handler == null) {
      // A path with parameters ("/admin/users/{id}/...") is served by its prefix's handler.
      handler =
          routes.entrySet().stream()
              .filter(route -> route.getKey().endsWith("/"))
              .filter(route -> exchange.getRequestPath().startsWith(route.getKey()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
    }
    if (handler == null) {
      json(exchange, StatusCodes.NOT_FOUND, NOT_FOUND);
      return;
    }
    handler.handleRequest(exchange);
  }

  /** Whether the request carries {@code Authorization: Bearer <token>} with this token. */
  static boolean authorized(HttpServerExchange exchange, AdminToken token) {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    String scheme = "Bearer ";
    if (header == null || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
      return false;
    }
    return token.matches(header.substring(scheme.length()).strip());
  }

  /** Answers {@code body} (JSON) with {@code status}. */
  public static void json(HttpServerExchange exchange, int status, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
  }

  /** Answers 405 with the methods the path takes in {@code Allow} (e.g. "GET, POST"). */
  public static void methodNotAllowed(HttpServerExchange exchange, String allow) {
    exchange.getResponseHeaders().put(Headers.ALLOW, allow);
    json(exchange, StatusCodes.METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED);
  }

  /** An error body: {@code {"error": code, "message": message}}; neither holds a quote. */
  static String error(String code, String message) {
    return "{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}";
  }

  /** The OpenAPI description of this port, from the class path. */
  static final class OpenApi {
    static final String DOCUMENT = load();

    private OpenApi() {}

    private static String load() {
      try (InputStream in = AdminServer.class.getResourceAsStream("openapi.json")) {
        if (in == null) {
          throw new IllegalStateException("openapi.json is missing from the class path");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
