package chat.gateway.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Waits until a server accepts a JDBC connection. */
final class Readiness {

  private static final long PATIENCE_MILLIS = 60_000;

  private Readiness() {}

  static void await(String url, String user, String password) {
    long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
    SQLException last = null;
    while (System.currentTimeMillis() < deadline) {
      try (Connection connection = connect(url, user, password)) {
        if (connection.isValid(5)) {
          return;
        }
      } catch (SQLException e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + url, e);
      }
    }
    throw new IllegalStateException(
        "PostgreSQL at " + url + " did not accept connections in " + PATIENCE_MILLIS + " ms", last);
  }

  static Connection connect(String url, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(url, properties);
  }
}
