package chat.gateway.testsupport.engine;

/**
 * Where a test engine comes from, in the order the fixtures try: an existing server named by an
 * environment variable, a Testcontainers container when a Docker engine answers, or a child process
 * started from binaries that a Maven Central artifact ships.
 */
public enum EngineSource {
  /** An existing server named by an environment variable; never stopped by the tests. */
  EXISTING_SERVER,
  /** A container started by Testcontainers. */
  CONTAINER,
  /** A child process started from binaries out of a Maven Central artifact. */
  CHILD_PROCESS
}
