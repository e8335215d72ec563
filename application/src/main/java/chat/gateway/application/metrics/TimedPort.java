package chat.gateway.application.metrics;

import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.application.port.out.GatewayMetrics.Backend;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An outbound port whose every call is timed: a decorator, so no adapter knows it is measured. The
 * operation is the method's name (a bounded set); a call that returns a {@link CompletionStage} is
 * timed until the stage completes. Whatever the target throws reaches the caller unchanged.
 */
public final class TimedPort {

  private TimedPort() {}

  /** {@code target} behind {@code port}, with each call reported as a call to {@code backend}. */
  public static <T> T wrap(Class<T> port, T target, Backend backend, GatewayMetrics metrics) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(metrics, "metrics");
    if (!port.isInterface()) {
      throw new IllegalArgumentException(port + " is not an interface");
    }
    InvocationHandler handler = new Timing(target, backend, metrics);
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
  }

  private record Timing(Object target, Backend backend, GatewayMetrics metrics)
      implements InvocationHandler {

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return objectMethod(proxy, method, args);
      }
      long started = System.nanoTime();
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        metrics.call(backend, method.getName(), System.nanoTime() - started, true);
        throw e.getCause();
      }
      if (result instanceof CompletionStage<?> stage) {
        stage.whenComplete(
            (value, error) ->
                metrics.call(
                    backend, method.getName(), System.nanoTime() - started, error != null));
      } else {
        metrics.call(backend, method.getName(), System.nanoTime() - started, false);
      }
      return result;
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) throws Exception {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        case "toString" -> "timed " + target;
        default -> method.invoke(target, args);
      };
    }
  }
}
