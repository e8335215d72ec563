package chat.gateway.testsupport.redis;

import io.lettuce.core.RedisURI;

/**
 * The part of the test Redis one test class owns: a logical database of its own, empty when handed
 * out, so keys, {@code SCAN}, {@code FLUSHDB} and keyspace notifications never cross classes.
 * Pub/sub channels are server-wide in Redis: a test that uses them names its channels itself.
 *
 * @param redisUri where to connect, with the database selected
 */
public record RedisNamespace(RedisURI redisUri) {

  /** The logical database number. */
  public int database() {
    return redisUri.getDatabase();
  }

  /** The host the server listens on. */
  public String host() {
    return redisUri.getHost();
  }

  /** The port the server listens on. */
  public int port() {
    return redisUri.getPort();
  }

  /** {@code redis://host:port/database} (with credentials, when the server needs them). */
  public String uri() {
    return redisUri.toURI().toString();
  }
}
