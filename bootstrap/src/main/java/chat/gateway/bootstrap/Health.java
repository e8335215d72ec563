package chat.gateway.bootstrap;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * {@code /healthz}: 200 while the process serves HTTP. {@code /readyz}: 200 once the gateway
 * accepts connections, 503 while starting and from the first moment of a shutdown, so a load
 * balancer stops sending clients before they are closed.
 */
final class Health {

  private enum State {
    STARTING,
    READY,
    DRAINING
  }

  private volatile State state = State.STARTING;

  void ready() {
    state = State.READY;
  }

  void draining() {
    state = State.DRAINING;
  }

  void live(HttpServerExchange exchange) {
    respond(exchange, StatusCodes.OK, "ok\n");
  }

  void ready(HttpServerExchange exchange) {
    State current = state;
    if (current == State.READY) {
      respond(exchange, StatusCodes.OK, "ready\n");
    } else {
      respond(exchange, StatusCodes.SERVICE_UNAVAILABLE, current.name().toLowerCase() + "\n");
    }
  }

  private static void respond(HttpServerExchange exchange, int status, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(body);
  }
}
