package chat.gateway.adapters.admin;

import chat.gateway.application.port.in.AdminSession;
import chat.gateway.application.port.in.DisconnectCommand;
import chat.gateway.application.port.in.Disconnected;
import chat.gateway.application.port.in.DrainProgress;
import chat.gateway.application.port.in.InstanceCounts;
import chat.gateway.application.port.in.OnlinePage;
import chat.gateway.application.port.in.OnlineUser;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API's JSON, as {@code openapi.json} describes it: the answers written from the use
 * cases' records, and the one request body read (a disconnect). A body that is not exactly as
 * described is refused with {@link IllegalArgumentException}: a misspelt {@code "session"} must not
 * silently widen a disconnect to every session of the user.
 */
final class AdminJson {

  /** Largest body a disconnect takes; its JSON has two short fields. */
  static final int MAX_BODY_BYTES = 4096;

  private static final Set<String> DISCONNECT_FIELDS = Set.of("reconnect", "session");
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private AdminJson() {}

  static ObjectNode page(OnlinePage page) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode users = body.putArray("users");
    page.users().forEach(user -> users.add(user(user)));
    body.put("next", page.next());
    return body;
  }

  static ObjectNode user(OnlineUser user) {
    ObjectNode node = JSON.createObjectNode();
    node.put("user", user.user().value());
    node.put("presence", user.presence().wireName());
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

  static ObjectNode instances(List<InstanceCounts> all) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode instances = body.putArray("instances");
    for (InstanceCounts counts : all) {
      instances
          .addObject()
          .put("instance", counts.instance())
          .put("connections", counts.connections())
          .put("users", counts.users());
    }
    return body;
  }

  static ObjectNode disconnected(Disconnected done) {
    ObjectNode body = JSON.createObjectNode();
    body.put("sessions", done.sessions());
    body.put("close_code", done.closeWith().code());
    return body;
  }

  static ObjectNode progress(DrainProgress progress) {
    ObjectNode node = JSON.createObjectNode();
    node.put("state", progress.state().name().toLowerCase(Locale.ROOT));
    progress.startedAt().ifPresent(at -> node.put("started_at", at.toString()));
    node.put("connections_at_start", progress.connectionsAtStart());
    node.put("closed", progress.closed());
    node.put("remaining", progress.remaining());
    return node;
  }

  static ObjectNode error(String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", code);
    body.put("message", message);
    return body;
  }

  static String write(JsonNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /** The disconnect asked for by {@code bytes}: {@code {"reconnect": bool, "session"?: id}}. */
  static DisconnectCommand disconnect(UserId user, byte[] bytes) {
    if (bytes.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    JsonNode body;
    try {
      body = bytes.length == 0 ? null : JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON: send {\"reconnect\": false}");
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object: {\"reconnect\": false}");
    }
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      if (!DISCONNECT_FIELDS.contains(field.getKey())) {
        throw new IllegalArgumentException(
            "unknown field \""
                + field.getKey()
                + "\": a disconnect takes \"reconnect\" and \"session\"");
      }
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
    return new DisconnectCommand(user, one, reconnect.booleanValue());
  }
}
