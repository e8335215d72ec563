package chat.gateway.testsupport.postgres;

import chat.gateway.testsupport.engine.EngineBackend;

/** One way of obtaining the test server; {@link PostgresServer} chooses one per JVM. */
interface PostgresBackend extends EngineBackend {

  /** A JDBC URL of the database the tests use, without parameters. */
  String jdbcUrl();

  String user();

  String password();
}
