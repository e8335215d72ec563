package chat.gateway.testsupport.engine;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link RealEngine} that a backend provides: what every engine's fixture answers the same way,
 * so that each fixture only adds what its engine is for (schemas, namespaces, topics).
 */
public abstract class BackedEngine<B extends EngineBackend> implements RealEngine {

  private static final System.Logger LOG = System.getLogger(BackedEngine.class.getName());

  private final String name;
  private final B backend;

  protected BackedEngine(String name, B backend) {
    this.name = name;
    this.backend = backend;
  }

  /**
   * Starts a backend with {@code start} and logs how long it took and what it is ({@code Test
   * PostgreSQL ready in 2310 ms: ...}).
   */
  protected static <B extends EngineBackend> B started(String name, Supplier<B> start) {
    long begun = System.nanoTime();
    B backend = start.get();
    LOG.log(
        Level.INFO,
        "Test "
            + name
            + " ready in "
            + (System.nanoTime() - begun) / 1_000_000
            + " ms: "
            + backend.description());
    return backend;
  }

  /** An environment variable's value, unless unset or blank. */
  protected static Optional<String> environment(String variable) {
    return Optional.ofNullable(System.getenv(variable)).filter(value -> !value.isBlank());
  }

  protected final B backend() {
    return backend;
  }

  /** What the engine is and where, for messages. */
  public String describe() {
    return backend.description();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public EngineSource source() {
    return backend.source();
  }

  @Override
  public String host() {
    return backend.host();
  }

  @Override
  public int port() {
    return backend.port();
  }

  @Override
  public boolean canRestart() {
    return backend.canRestart();
  }

  @Override
  public boolean isRunning() {
    return backend.isRunning();
  }

  @Override
  public void stop() {
    LOG.log(Level.INFO, "stopping test " + name + " on port " + port());
    backend.stop();
  }

  @Override
  public void start() {
    LOG.log(Level.INFO, "starting test " + name + " again on port " + port());
    backend.start();
  }

  /** Ends the engine at JVM exit: what the fixture made in it first, then the backend. */
  protected void destroy() {
    backend.destroy();
  }
}
