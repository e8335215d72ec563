package chat.gateway.bootstrap;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz}: 200 while the process serves HTTP. {@code /readyz}: 200 once the gateway
 * accepts connections, 503 while starting and from the first moment of a shutdown or a drain, so a
 * load balancer stops sending clients before they are closed.
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
  private volatile BooleanSupplier drainStarted = () -> false;
  private volatile List<Dependency> dependencies = List.of();
  private volatile long checkedAt = System.nanoTime() - CHECK_EVERY_NANOS;
  private volatile Verdict verdict = new Verdict(true, "ready\n");

  /**
   * A service the gateway uses. When a required one does not answer, the gateway is not ready (a
   * load balancer sends its clients elsewhere); when another does not, it is ready but says what is
   * down.
   */
  record Dependency(String name, boolean required, BooleanSupplier reachable) {}

  private record Verdict(boolean ready, String body) {}

  /** What must answer for the gateway to be ready (the database, Redis), besides its own state. */
  void dependsOn(List<Dependency> services) {
    dependencies = List.copyOf(services);
  }

  /** Whether a drain of the instance started: from that moment on it is not ready. */
  void drainingWhen(BooleanSupplier started) {
    drainStarted = started;
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
    State current = current();
    if (current != State.READY) {
      respond(exchange, StatusCodes.SERVICE_UNAVAILABLE, current.name().toLowerCase() + "\n");
      return;
    }
    Verdict now = check();
    respond(exchange, now.ready() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, now.body());
  }

  /**
   * Whether {@code /readyz} answers 200 now. May wait for a dependency check (at most one a
   * second): not for an I/O thread.
   */
  boolean isReady() {
    return current() == State.READY && check().ready();
  }

  private State current() {
    return drainStarted.getAsBoolean() ? State.DRAINING : state;
  }

  private Verdict check() {
    long now = System.nanoTime();
    if (now - checkedAt >= CHECK_EVERY_NANOS) {
      synchronized (this) {
        if (now - checkedAt >= CHECK_EVERY_NANOS) {
          verdict = verdictNow();
          checkedAt = System.nanoTime();
        }
      }
    }
    return verdict;
  }

  private Verdict verdictNow() {
    List<String> down = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    for (Dependency dependency : dependencies) {
      boolean answers;
      try {
        answers = dependency.reachable().getAsBoolean();
      } catch (RuntimeException e) {
        answers = false;
      }
      if (!answers) {
        (dependency.required() ? down : degraded).add(dependency.name());
      }
    }
    if (!down.isEmpty()) {
      return new Verdict(false, String.join(", ", down) + " unreachable\n");
    }
    if (!degraded.isEmpty()) {
      return new Verdict(true, "ready; " + String.join(", ", degraded) + " unreachable\n");
    }
    return new Verdict(true, "ready\n");
  }

  private static void respond(HttpServerExchange exchange, int status, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(body);
  }
}
