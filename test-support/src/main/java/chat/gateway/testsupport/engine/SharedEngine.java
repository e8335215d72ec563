package chat.gateway.testsupport.engine;

import java.util.function.Supplier;

/**
 * The one instance of an engine fixture in this JVM: made on the first {@link #get()}, and
 * destroyed by a shutdown hook when the JVM exits.
 */
public final class SharedEngine<E extends BackedEngine<?>> {

  private final String hookName;
  private final Supplier<E> make;
  private volatile E instance;

  /** {@code hookName} names the shutdown hook's thread, e.g. {@code test-postgres-shutdown}. */
  public SharedEngine(String hookName, Supplier<E> make) {
    this.hookName = hookName;
    this.make = make;
  }

  public E get() {
    E engine = instance;
    if (engine == null) {
      synchronized (this) {
        engine = instance;
        if (engine == null) {
          engine = make.get();
          Runtime.getRuntime().addShutdownHook(new Thread(engine::destroy, hookName));
          instance = engine;
        }
      }
    }
    return engine;
  }
}
