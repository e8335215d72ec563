package chat.gateway.application.usecase;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Outbound ports that throw on demand: {@link #wrap} puts a real adapter behind a proxy which,
 * while its port is armed with {@link #fail}, throws a fresh failure from every call instead of
 * calling the adapter. Thread-safe.
 */
final class Faults {

  private final Map<Class<?>, Supplier<? extends Throwable>> armed = new ConcurrentHashMap<>();
  private final Map<Class<?>, AtomicInteger> thrown = new ConcurrentHashMap<>();
  private final Map<String, Hold> holds = new ConcurrentHashMap<>();

  /** {@code delegate}, failing while {@code port} is armed. */
  <T> T wrap(Class<T> port, T delegate) {
    thrown.putIfAbsent(port, new AtomicInteger());
    Object proxy =
        Proxy.newProxyInstance(
            port.getClassLoader(),
            new Class<?>[] {port},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return method.invoke(delegate, args);
              }
              Hold hold = holds.remove(port.getName() + "#" + method.getName());
              if (hold != null) {
                hold.block();
              }
              Supplier<? extends Throwable> failure = armed.get(port);
              if (failure != null) {
                thrown.get(port).incrementAndGet();
                throw failure.get();
              }
              try {
                return method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
    return port.cast(proxy);
  }

  /** From now on every call to {@code port} throws what {@code failure} makes. */
  void fail(Class<?> port, Supplier<? extends Throwable> failure) {
    armed.put(port, failure);
  }

  /**
   * The next call to {@code method} of {@code port} waits until the returned hold is released;
   * later calls go through.
   */
  Hold holdNext(Class<?> port, String method) {
    Hold hold = new Hold();
    holds.put(port.getName() + "#" + method, hold);
    return hold;
  }

  /** One held call: {@link #awaitHeld} until it is waiting, then {@link #release} it. */
  static final class Hold {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private void block() throws InterruptedException {
      held.countDown();
      if (!released.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("a held call was never released");
      }
    }

    void awaitHeld() throws InterruptedException {
      if (!held.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the call to hold never came");
      }
    }

    void release() {
      released.countDown();
    }
  }

  /** Every port works again. */
  void heal() {
    armed.clear();
  }

  /** How many calls to {@code port} threw. */
  int thrown(Class<?> port) {
    AtomicInteger count = thrown.get(port);
    return count == null ? 0 : count.get();
  }
}
