package chat.gateway.bootstrap;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.function.BooleanSupplier;

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

  /** How long a dependency check answers for; /readyz is polled by load balancers. */
  private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

  private volatile State state = State.STARTING;
  private volatile BooleanSupplier dependencies = () -> true;
  private volatile long checkedAt = System.nanoTime() - CHECK_EVERY_NANOS;
  private volatile boolean reachable = true;

  /** What must answer for the gateway to be ready (the database), besides its own state. */
  void dependsOn(BooleanSupplier check) {
    dependencies = check;
  }

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
    if (exchange.isInIoThread()) {
      // The check may wait for the database: not on an I/O thread.
      exchange.dispatch(() -> ready(exchange));
      return;
    }
    State current = state;
    if (current != State.READY) {
      respond(exchange, StatusCodes.SERVICE_UNAVAILABLE, current.name().toLowerCase() + "\n");
    } else if (!dependenciesReachable()) {
      respond(exchange, StatusCodes.SERVICE_UNAVAILABLE, "database unreachable\n");
    } else {
      respond(exchange, StatusCodes.OK, "ready\n");
    }
  }

  private boolean dependenciesReachable() {
    long now = System.nanoTime();
    if (now - checkedAt >= CHECK_EVERY_NANOS) {
      synchronized (this) {
        if (now - checkedAt >= CHECK_EVERY_NANOS) {
          boolean answer;
          try {
            answer = dependencies.getAsBoolean();
          } catch (RuntimeException e) {
            answer = false;
          }
          reachable = answer;
          checkedAt = System.nanoTime();
        }
      }
    }
    return reachable;
  }

  private static void respond(HttpServerExchange exchange, int status, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(body);
  }
}
