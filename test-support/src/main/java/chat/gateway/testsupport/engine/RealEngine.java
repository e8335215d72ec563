package chat.gateway.testsupport.engine;

/**
 * A real server that integration tests talk to (PostgreSQL, Redis; Kafka next): where it listens,
 * how it was obtained, and, when the fixture owns it, stopping it and starting it again on the same
 * port with the same data, for outage tests.
 */
public interface RealEngine {

  /** The engine's name, such as {@code PostgreSQL}. */
  String name();

  /** How this engine was obtained, for logs and failure messages. */
  EngineSource source();

  /** The host it listens on, as seen from the tests. */
  String host();

  /** The port it listens on; the same across {@link #stop()} and {@link #start()}. */
  int port();

  /**
   * True when the fixture owns the engine and may stop and start it; false for an existing server
   * named by an environment variable. Outage tests assume this.
   */
  boolean canRestart();

  /** True while it accepts connections (as far as the fixture knows). */
  boolean isRunning();

  /**
   * Stops it (connections drop, new ones are refused) and keeps its data, if the engine keeps any
   * (the test Redis keeps none: it comes back empty).
   *
   * @throws UnsupportedOperationException when {@link #canRestart()} is false
   */
  void stop();

  /**
   * Starts it again after {@link #stop()}, same port, same data (see {@link #stop()}), and returns
   * once it accepts connections; does nothing while it runs.
   *
   * @throws UnsupportedOperationException when {@link #canRestart()} is false
   */
  void start();

  /** {@link #stop()} then {@link #start()}. */
  default void restart() {
    stop();
    start();
  }
}
