package chat.gateway.testsupport.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerIT {

  private final PostgresServer server = PostgresServer.shared();

  @Test
  void isOneServerPerJvm() {
    assertThat(PostgresServer.shared()).isSameAs(server);
    assertThat(server.isRunning()).isTrue();
  }

  @Test
  void eachSchemaIsEmptyAndCurrentAndSeparate() throws SQLException {
    PostgresSchema first = server.newSchema();
    PostgresSchema second = server.newSchema();

    try (Connection connection = connect(first);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE things (id int)");
      statement.execute("INSERT INTO things VALUES (1)");
      assertThat(single(statement, "SELECT current_schema()")).isEqualTo(first.schema());
    }
    try (Connection connection = connect(second);
        Statement statement = connection.createStatement()) {
      assertThat(single(statement, "SELECT current_schema()")).isEqualTo(second.schema());
      assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM things"))
          .hasMessageContaining("does not exist");
    }
  }

  @Test
  void theDatabaseSpeaksUtf8() throws SQLException {
    try (Connection connection = connect(server.newSchema());
        Statement statement = connection.createStatement()) {
      assertThat(single(statement, "SHOW server_encoding")).isEqualTo("UTF8");
    }
  }

  @Test
  void stopsAndStartsAgainOnThePortWithTheData() throws SQLException {
    assumeTrue(server.canRestart(), "an existing server is never stopped by the tests");
    PostgresSchema schema = server.newSchema();
    try (Connection connection = connect(schema);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE kept (id int)");
      statement.execute("INSERT INTO kept VALUES (42)");
    }
    int port = server.port();

    server.stop();
    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> connect(schema).close()).isInstanceOf(SQLException.class);

    server.start();
    assertThat(server.isRunning()).isTrue();
    assertThat(server.port()).isEqualTo(port);
    try (Connection connection = connect(schema);
        Statement statement = connection.createStatement()) {
      assertThat(single(statement, "SELECT id FROM kept")).isEqualTo("42");
    }
  }

  private static Connection connect(PostgresSchema schema) throws SQLException {
    return DriverManager.getConnection(schema.url(), schema.user(), schema.password());
  }

  private static String single(Statement statement, String query) throws SQLException {
    try (ResultSet result = statement.executeQuery(query)) {
      assertThat(result.next()).isTrue();
      return result.getString(1);
    }
  }
}
