package chat.gateway.testsupport.postgres;

import chat.gateway.testsupport.engine.ExistingBackend;
import java.net.URI;

/** A server that already runs, named by {@code GATEWAY_TEST_DB_URL}; the tests never stop it. */
final class ExistingServer extends ExistingBackend implements PostgresBackend {

  private final String url;
  private final String user;
  private final String password;
  private final String host;
  private final int port;

  ExistingServer(String url, String user, String password) {
    super("a server", PostgresServer.URL_VARIABLE);
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
}
