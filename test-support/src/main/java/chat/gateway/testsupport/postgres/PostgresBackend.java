package chat.gateway.testsupport.postgres;

import chat.gateway.testsupport.engine.EngineSource;

/** One way of obtaining the test server; {@link PostgresServer} chooses one per JVM. */
interface PostgresBackend {

  EngineSource source();

  /** What it is and where, for the log. */
  String description();

  String host();

  int port();

  /** A JDBC URL of the database the tests use, without parameters. */
  String jdbcUrl();

  String user();

  String password();

  boolean canRestart();

  boolean isRunning();

  void stop();

  void start();

  /** Ends it for good at JVM exit; quick, never throws. */
  void destroy();
}
