package chat.gateway.testsupport.redis;

import chat.gateway.testsupport.engine.ExistingBackend;
import io.lettuce.core.RedisURI;
import java.lang.System.Logger.Level;
import java.util.Map;

/** A server that already runs, named by {@code GATEWAY_TEST_REDIS_URL}; the tests never stop it. */
final class ExistingRedis extends ExistingBackend implements RedisBackend {

  private static final System.Logger LOG = System.getLogger(ExistingRedis.class.getName());
  private static final int REDIS_DEFAULT_DATABASES = 16;

  private final RedisURI uri;
  private final int databases;

  ExistingRedis(String url) {
    super("a server", RedisServer.URL_VARIABLE);
    if (!url.startsWith("redis://")) {
      throw new IllegalArgumentException(
          RedisServer.URL_VARIABLE + " must be a redis://host:port URL, got " + url);
    }
    RedisURI parsed = RedisURI.create(url);
    this.uri = RedisURI.builder(parsed).withDatabase(0).build();
    RedisProbe.await(uri, () -> true, () -> "named by " + RedisServer.URL_VARIABLE);
    this.databases = databases(uri);
  }

  private static int databases(RedisURI uri) {
    try {
      Map<String, String> answer =
          RedisProbe.call(uri, commands -> commands.configGet("databases"));
      return Integer.parseInt(answer.get("databases"));
    } catch (RuntimeException e) {
      LOG.log(
          Level.INFO,
          "CONFIG GET databases refused ("
              + e.getMessage()
              + "); assuming Redis's default of "
              + REDIS_DEFAULT_DATABASES);
      return REDIS_DEFAULT_DATABASES;
    }
  }

  @Override
  public String description() {
    return "the existing server at "
        + uri.getHost()
        + ":"
        + uri.getPort()
        + " (from "
        + RedisServer.URL_VARIABLE
        + "), "
        + databases
        + " databases";
  }

  @Override
  public RedisURI redisUri() {
    return uri;
  }

  @Override
  public int databases() {
    return databases;
  }
}
