package chat.gateway.testsupport.engine;

/**
 * An engine that runs already, named by an environment variable: the tests use it and never stop or
 * start it.
 */
public abstract class ExistingBackend implements EngineBackend {

  private final String what;
  private final String variable;

  /** {@code what} names it in refusals ({@code a server}, {@code a broker}). */
  protected ExistingBackend(String what, String variable) {
    this.what = what;
    this.variable = variable;
  }

  @Override
  public EngineSource source() {
    return EngineSource.EXISTING_SERVER;
  }

  @Override
  public boolean canRestart() {
    return false;
  }

  @Override
  public boolean isRunning() {
    return true;
  }

  @Override
  public void stop() {
    throw new UnsupportedOperationException(
        "the tests do not stop " + what + " they did not start (" + variable + ")");
  }

  @Override
  public void start() {
    throw new UnsupportedOperationException(
        "the tests do not start " + what + " they did not start (" + variable + ")");
  }

  @Override
  public void destroy() {}
}
