package chat.gateway.adapters.ws;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.websockets.spi.WebSocketHttpExchange;

/**
 * Lets go of what an upgrade request holds once its socket is a WebSocket connection.
 *
 * <p>Undertow keeps the HTTP connection of an upgraded socket reachable for as long as the socket
 * lives (its source conduit and its open-connection set refer to it), and with it the upgrade
 * exchange, request and response headers included: about 1 KB per connection that is never read
 * again. {@link #remember} marks the exchange on the way in; {@link #release} empties its headers
 * once the connection is set up.
 */
final class UpgradeRequests {

  /** The upgrade exchange, attached to itself so the WebSocket callback can reach it. */
  static final AttachmentKey<HttpServerExchange> EXCHANGE =
      AttachmentKey.create(HttpServerExchange.class);

  private UpgradeRequests() {}

  /** Wraps the handshake handler so that each upgrade exchange can be found by {@link #release}. */
  static HttpHandler remember(HttpHandler handshake) {
    return exchange -> {
      exchange.putAttachment(EXCHANGE, exchange);
      handshake.handleRequest(exchange);
    };
  }

  /**
   * Empties the headers of the upgrade behind {@code exchange}; call once nothing reads them any
   * more (the handshake and the channel are done). Does nothing for an exchange not remembered.
   */
  static void release(WebSocketHttpExchange exchange) {
    HttpServerExchange http = exchange.getAttachment(EXCHANGE);
    if (http != null) {
      release(http);
    }
  }

  static void release(HttpServerExchange http) {
    http.removeAttachment(EXCHANGE);
    http.getRequestHeaders().clear();
    http.getResponseHeaders().clear();
  }
}
