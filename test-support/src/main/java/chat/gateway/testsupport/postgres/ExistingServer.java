package chat.gateway.testsupport.postgres;

import chat.gateway.testsupport.engine.EngineSource;
import java.net.URI;

/** A server that already runs, named by {@code GATEWAY_TEST_DB_URL}; the tests never stop it. */
final class ExistingServer implements PostgresBackend {

  private final String url;
  private final String user;
  private final String password;
  private final String host;
  private final int port;

  ExistingServer(String url, String user, String password) {
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          PostgresServer.URL_VARIABLE
              + " must be a jdbc:postgresql://host:port/database URL, got "
              + url);
    }
    this.url = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    this.user = user;
    this.password = password;
    URI uri = URI.create(this.url.substring("jdbc:".length()));
    this.host = uri.getHost();
    this.port = uri.getPort() < 0 ? 5432 : uri.getPort();
  }

  @Override
  public EngineSource source() {
    return EngineSource.EXISTING_SERVER;
  }

  @Override
  public String description() {
    return "the existing server at "
        + url
        + " (from "
        + PostgresServer.URL_VARIABLE
        + "), user "
        + user;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String jdbcUrl() {
    return url;
  }

  @Override
  public String user() {
    return user;
  }

  @Override
  public String password() {
    return password;
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
        "the tests do not stop a server they did not start (" + PostgresServer.URL_VARIABLE + ")");
  }

  @Override
  public void start() {
    throw new UnsupportedOperationException(
        "the tests do not start a server they did not start (" + PostgresServer.URL_VARIABLE + ")");
  }

  @Override
  public void destroy() {}
}
