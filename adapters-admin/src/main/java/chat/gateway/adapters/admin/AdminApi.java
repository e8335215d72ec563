package chat.gateway.adapters.admin;

import chat.gateway.application.port.in.AdminUseCase;
import chat.gateway.application.port.in.DisconnectCommand;
import chat.gateway.application.port.in.Disconnected;
import chat.gateway.application.port.in.DrainUseCase;
import chat.gateway.application.port.in.OnlineQuery;
import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.domain.UserId;
import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's endpoints over the application's use cases, JSON in and out as {@code
 * openapi.json} describes them: who is online across the cluster, one user's sessions, the live
 * instances, disconnecting a user, and draining this instance. Each answers on a worker thread (the
 * cluster state may be a network away); refused input answers 400, a disconnect of nobody 404, an
 * unreachable cluster state 503, each with an {@code error} code and what to do.
 */
public final class AdminApi {

  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final String USERS = "/admin/users/";

  private final AdminUseCase admin;
  private final DrainUseCase drain;

  public AdminApi(AdminUseCase admin, DrainUseCase drain) {
    this.admin = admin;
    this.drain = drain;
  }

  /** Adds the endpoints to {@code server}. */
  public AdminServer.Builder register(AdminServer.Builder server) {
    return server
        .admin("/admin/online", on(Map.of(Methods.GET, this::online)))
        .admin("/admin/instances", on(Map.of(Methods.GET, this::instances)))
        .admin(
            "/admin/drain",
            on(
                Map.of(
                    Methods.GET,
                    e -> send(e, StatusCodes.OK, AdminJson.progress(drain.progress())),
                    Methods.POST,
                    e -> send(e, StatusCodes.ACCEPTED, AdminJson.progress(drain.start())))))
        .admin(USERS, this::users);
  }

  private void online(HttpServerExchange exchange) {
    String cursor = parameter(exchange, "cursor").orElse("");
    int limit =
        parameter(exchange, "limit").map(AdminApi::number).orElse(OnlineQuery.DEFAULT_LIMIT);
    send(exchange, StatusCodes.OK, AdminJson.page(admin.online(new OnlineQuery(cursor, limit))));
  }

  private void instances(HttpServerExchange exchange) {
    send(exchange, StatusCodes.OK, AdminJson.instances(admin.instances()));
  }

  /** {@code GET /admin/users/{id}} and {@code POST /admin/users/{id}/disconnect}. */
  private void users(HttpServerExchange exchange) throws Exception {
    String[] parts = exchange.getRequestPath().substring(USERS.length()).split("/", -1);
    String id = parts[0];
    if (id.isEmpty() || parts.length > 2 || (parts.length == 2 && !parts[1].equals("disconnect"))) {
      AdminServer.json(exchange, StatusCodes.NOT_FOUND, AdminServer.NOT_FOUND);
    } else if (parts.length == 1) {
      on(Map.of(Methods.GET, e -> send(e, StatusCodes.OK, AdminJson.user(admin.user(userId(id))))))
          .handleRequest(exchange);
    } else if (!Methods.POST.equals(exchange.getRequestMethod())) {
      AdminServer.methodNotAllowed(exchange, "POST");
    } else {
      exchange
          .getRequestReceiver()
          .receiveFullBytes(
              (e, bytes) -> onWorker(e, x -> disconnect(x, id, bytes)),
              (e, failure) ->
                  refuse(e, StatusCodes.BAD_REQUEST, "bad_request", "the body could not be read"));
    }
  }

  private void disconnect(HttpServerExchange exchange, String id, byte[] bytes) {
    DisconnectCommand command = AdminJson.disconnect(userId(id), bytes);
    Disconnected done = admin.disconnect(command);
    if (done.sessions() == 0) {
      refuse(
          exchange,
          StatusCodes.NOT_FOUND,
          "not_connected",
          command.connection().isPresent()
              ? "user " + id + " has no session " + command.connection().get()
              : "user " + id + " has no session");
    } else {
      send(exchange, StatusCodes.OK, AdminJson.disconnected(done));
    }
  }

  /** Runs the handler for the request's method on a worker thread; other methods get 405. */
  private static HttpHandler on(Map<HttpString, HttpHandler> methods) {
    String allow =
        methods.keySet().stream()
            .map(HttpString::toString)
            .sorted()
            .collect(Collectors.joining(", "));
    Map<HttpString, HttpHandler> handlers = new LinkedHashMap<>(methods);
    return exchange -> {
      HttpHandler handler = handlers.get(exchange.getRequestMethod());
      if (handler == null) {
        AdminServer.methodNotAllowed(exchange, allow);
      } else {
        onWorker(exchange, handler);
      }
    };
  }

  private static void onWorker(HttpServerExchange exchange, HttpHandler handler) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(() -> answer(exchange, handler));
    } else {
      answer(exchange, handler);
    }
  }

  private static void answer(HttpServerExchange exchange, HttpHandler handler) {
    try {
      handler.handleRequest(exchange);
    } catch (IllegalArgumentException e) {
      refuse(exchange, StatusCodes.BAD_REQUEST, "bad_request", e.getMessage());
    } catch (ClusterStateUnavailableException e) {
      LOG.warn("admin API: the cluster state cannot be reached: {}", e.getMessage());
      refuse(
          exchange,
          StatusCodes.SERVICE_UNAVAILABLE,
          "cluster_state_unavailable",
          "the cluster state (Redis) cannot be reached; retry when /readyz is ready");
    } catch (Exception e) {
      LOG.error(
          "admin API: {} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), e);
      refuse(
          exchange,
          StatusCodes.INTERNAL_SERVER_ERROR,
          "internal",
          "the gateway failed to answer; its log has the reason");
    }
  }

  private static void refuse(HttpServerExchange exchange, int status, String code, String text) {
    send(exchange, status, AdminJson.error(code, text));
  }

  private static void send(HttpServerExchange exchange, int status, JsonNode body) {
    AdminServer.json(exchange, status, AdminJson.write(body));
  }

  private static Optional<String> parameter(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a number, got " + text);
    }
  }

  private static UserId userId(String text) {
    try {
      return new UserId(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a user id is a positive number, got " + text);
    }
  }
}
