package chat.gateway.testsupport.engine;

/**
 * One way of having a real engine (an existing server, a container, a child process), as the
 * engine's fixture ({@link BackedEngine}) drives it.
 */
public interface EngineBackend {

  EngineSource source();

  /** What it is and where, for the log. */
  String description();

  String host();

  int port();

  boolean canRestart();

  boolean isRunning();

  void stop();

  void start();

  /** Ends it for good at JVM exit; quick, never throws. */
  void destroy();
}
