package chat.gateway.adapters.admin;

import chat.gateway.application.port.in.AdminSession;
import chat.gateway.application.port.in.AdminUseCase;
import chat.gateway.application.port.in.DisconnectCommand;
import chat.gateway.application.port.in.Disconnected;
import chat.gateway.application.port.in.DrainProgress;
import chat.gateway.application.port.in.DrainUseCase;
import chat.gateway.application.port.in.InstanceCounts;
import chat.gateway.application.port.in.OnlinePage;
import chat.gateway.application.port.in.OnlineQuery;
import chat.gateway.application.port.in.OnlineUser;
import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's endpoints over the application's use cases, JSON in and out: who is online across
 * the cluster, one user's sessions, the live instances, disconnecting a user, and draining this
 * instance. Each answers on a worker thread (the cluster state may be a network away); refused
 * input answers 400, an unreachable cluster state 503, each with an {@code error} code and what to
 * do.
 */
public final class AdminApi {

  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USERS = "/admin/users/";

  /** Largest body a disconnect takes; its JSON has two short fields. */
  static final int MAX_BODY_BYTES = 4096;

  private final AdminUseCase admin;
  private final DrainUseCase drain;

  public AdminApi(AdminUseCase admin, DrainUseCase drain) {
    this.admin = admin;
    this.drain = drain;
  }

  /** Adds the endpoints to {@code server}. */
  public AdminServer.Builder register(AdminServer.Builder server) {
    return server
        .admin("/admin/online", blocking(Methods.GET, this::online))
        .admin("/admin/instances", blocking(Methods.GET, this::instances))
        .admin("/admin/drain", this::drain)
        .admin(USERS, this::users);
  }

  private void online(HttpServerExchange exchange) {
    String cursor = parameter(exchange, "cursor").orElse("");
    int limit =
        parameter(exchange, "limit").map(AdminApi::number).orElse(OnlineQuery.DEFAULT_LIMIT);
    OnlinePage page = admin.online(new OnlineQuery(cursor, limit));
    ObjectNode body = JSON.createObjectNode();
    ArrayNode users = body.putArray("users");
    page.users().forEach(user -> users.add(user(user)));
    body.put("next", page.next());
    send(exchange, StatusCodes.OK, body);
  }

  private void instances(HttpServerExchange exchange) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode instances = body.putArray("instances");
    for (InstanceCounts counts : admin.instances()) {
      instances
          .addObject()
          .put("instance", counts.instance())
          .put("connections", counts.connections())
          .put("users", counts.users());
    }
    send(exchange, StatusCodes.OK, body);
  }

  private void drain(HttpServerExchange exchange) {
    HttpString method = exchange.getRequestMethod();
    if (Methods.POST.equals(method)) {
      send(exchange, StatusCodes.ACCEPTED, progress(drain.start()));
    } else if (Methods.GET.equals(method)) {
      send(exchange, StatusCodes.OK, progress(drain.progress()));
    } else {
      AdminServer.json(exchange, StatusCodes.METHOD_NOT_ALLOWED, AdminServer.METHOD_NOT_ALLOWED);
    }
  }

  /** {@code GET /admin/users/{id}} and {@code POST /admin/users/{id}/disconnect}. */
  private void users(HttpServerExchange exchange) throws Exception {
    String rest = exchange.getRequestPath().substring(USERS.length());
    String[] parts = rest.split("/", -1);
    if (parts.length == 1) {
      blocking(Methods.GET, e -> send(e, StatusCodes.OK, user(admin.user(userId(parts[0])))))
          .handleRequest(exchange);
    } else if (parts.length == 2 && parts[1].equals("disconnect")) {
      if (!Methods.POST.equals(exchange.getRequestMethod())) {
        AdminServer.json(exchange, StatusCodes.METHOD_NOT_ALLOWED, AdminServer.METHOD_NOT_ALLOWED);
        return;
      }
      exchange
          .getRequestReceiver()
          .receiveFullBytes(
              (e, bytes) -> onWorker(e, x -> disconnect(x, parts[0], bytes)),
              (e, failure) ->
                  refuse(e, StatusCodes.BAD_REQUEST, "bad_request", "the body could not be read"));
    } else {
      AdminServer.json(exchange, StatusCodes.NOT_FOUND, AdminServer.NOT_FOUND);
    }
  }

  private void disconnect(HttpServerExchange exchange, String id, byte[] bytes) {
    if (bytes.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    JsonNode body;
    try {
      body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the body is not JSON: send {\"reconnect\": false}");
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object: {\"reconnect\": false}");
    }
    JsonNode reconnect = body.path("reconnect");
    if (!reconnect.isBoolean()) {
      throw new IllegalArgumentException(
          "\"reconnect\" must be true (move: close 1001) or false (ban: close 4403)");
    }
    JsonNode session = body.path("session");
    if (!session.isMissingNode() && !session.isNull() && !session.isTextual()) {
      throw new IllegalArgumentException("\"session\" must be a session id from GET /admin/users");
    }
    Optional<ConnectionId> one =
        session.isTextual() ? Optional.of(new ConnectionId(session.asText())) : Optional.empty();
    Disconnected done =
        admin.disconnect(new DisconnectCommand(userId(id), one, reconnect.booleanValue()));
    ObjectNode answer = JSON.createObjectNode();
    answer.put("sessions", done.sessions());
    answer.put("close_code", done.closeWith().code());
    send(exchange, done.sessions() == 0 ? StatusCodes.NOT_FOUND : StatusCodes.OK, answer);
  }

  private static ObjectNode user(OnlineUser user) {
    ObjectNode node = JSON.createObjectNode();
    node.put("user", user.user().value());
    node.put("presence", user.presence().name().toLowerCase(Locale.ROOT));
    ArrayNode sessions = node.putArray("sessions");
    for (AdminSession session : user.sessions()) {
      sessions
          .addObject()
          .put("session", session.connection().value())
          .put("instance", session.instance())
          .put("remote_address", session.remoteAddress())
          .put("user_agent", session.userAgent())
          .put("connected_since", session.connectedSince().toString());
    }
    return node;
  }

  private static ObjectNode progress(DrainProgress progress) {
    ObjectNode node = JSON.createObjectNode();
    node.put("state", progress.state().name().toLowerCase(Locale.ROOT));
    progress.startedAt().ifPresent(at -> node.put("started_at", at.toString()));
    node.put("connections_at_start", progress.connectionsAtStart());
    node.put("closed", progress.closed());
    node.put("remaining", progress.remaining());
    return node;
  }

  /** Runs {@code handler} on a worker thread, answering errors as JSON. */
  private static HttpHandler blocking(HttpString method, HttpHandler handler) {
    return exchange -> {
      if (!method.equals(exchange.getRequestMethod())) {
        AdminServer.json(exchange, StatusCodes.METHOD_NOT_ALLOWED, AdminServer.METHOD_NOT_ALLOWED);
        return;
      }
      onWorker(exchange, handler);
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
    ObjectNode body = JSON.createObjectNode();
    body.put("error", code);
    body.put("message", text);
    send(exchange, status, body);
  }

  private static void send(HttpServerExchange exchange, int status, JsonNode body) {
    try {
      AdminServer.json(exchange, status, JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
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
