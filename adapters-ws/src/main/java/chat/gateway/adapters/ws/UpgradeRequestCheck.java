package chat.gateway.adapters.ws;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.Base64;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an upgrade request against RFC 6455 section 4.2.1 before Undertow's handshake handler sees
 * it, and answers a bad one with a status and a one-line plain body. Undertow 2.4 on its own
 * answers a request without {@code Upgrade} with 500 (and logs a stack trace), a missing or wrong
 * {@code Sec-WebSocket-Version} with 404, and accepts an empty or malformed {@code
 * Sec-WebSocket-Key}.
 *
 * <ul>
 *   <li>not GET: 405 with {@code Allow: GET};
 *   <li>{@code Upgrade} missing or not {@code websocket}: 426 with {@code Upgrade: websocket};
 *   <li>{@code Connection} without the {@code upgrade} token: 400;
 *   <li>{@code Sec-WebSocket-Version} missing or not 13: 426 with {@code Sec-WebSocket-Version:
 *       13};
 *   <li>{@code Sec-WebSocket-Key} missing, repeated, or not base64 of exactly 16 bytes: 400.
 * </ul>
 */
final class UpgradeRequestCheck implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(UpgradeRequestCheck.class);
  private static final HttpString SEC_WEBSOCKET_VERSION = new HttpString("Sec-WebSocket-Version");
  private static final HttpString SEC_WEBSOCKET_KEY = new HttpString("Sec-WebSocket-Key");

  /** The one version served (RFC 6455). */
  static final String VERSION = "13";

  private final HttpHandler next;

  UpgradeRequestCheck(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (!exchange.getRequestMethod().equals(Methods.GET)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
      refuse(exchange, StatusCodes.METHOD_NOT_ALLOWED, "a WebSocket upgrade is a GET request");
      return;
    }
    HeaderValues upgrade = exchange.getRequestHeaders().get(Headers.UPGRADE);
    if (upgrade == null
        || upgrade.size() != 1
        || !"websocket".equalsIgnoreCase(upgrade.getFirst().strip())) {
      exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
      exchange.getResponseHeaders().put(Headers.CONNECTION, "Upgrade");
      refuse(exchange, StatusCodes.UPGRADE_REQUIRED, "this endpoint needs Upgrade: websocket");
      return;
    }
    if (!hasToken(exchange.getRequestHeaders().get(Headers.CONNECTION), "upgrade")) {
      refuse(exchange, StatusCodes.BAD_REQUEST, "Connection: Upgrade is missing");
      return;
    }
    HeaderValues version = exchange.getRequestHeaders().get(SEC_WEBSOCKET_VERSION);
    if (version == null || version.size() != 1 || !VERSION.equals(version.getFirst().strip())) {
      exchange.getResponseHeaders().put(SEC_WEBSOCKET_VERSION, VERSION);
      refuse(exchange, StatusCodes.UPGRADE_REQUIRED, "only Sec-WebSocket-Version 13 is served");
      return;
    }
    HeaderValues key = exchange.getRequestHeaders().get(SEC_WEBSOCKET_KEY);
    if (key == null || key.size() != 1 || !isNonce(key.getFirst())) {
      refuse(
          exchange,
          StatusCodes.BAD_REQUEST,
          "Sec-WebSocket-Key must be the base64 of 16 random bytes");
      return;
    }
    next.handleRequest(exchange);
  }

  /** True when {@code value} is base64 (with padding) of exactly 16 bytes. */
  static boolean isNonce(String value) {
    String trimmed = value.strip();
    if (trimmed.length() != 24) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(trimmed).length == 16;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  /** True when one of the comma-separated values of {@code header} is {@code token}. */
  private static boolean hasToken(HeaderValues header, String token) {
    if (header == null) {
      return false;
    }
    for (String value : header) {
      for (String part : value.split(",")) {
        if (part.strip().toLowerCase(Locale.ROOT).equals(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Answers with {@code status} and a one-line plain body; never a stack trace. */
  static void refuse(HttpServerExchange exchange, int status, String reason) {
    LOG.debug("refused upgrade from {}: {}", exchange.getSourceAddress(), reason);
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.setPersistent(false);
    exchange.getResponseSender().send(reason + "\n");
  }
}
