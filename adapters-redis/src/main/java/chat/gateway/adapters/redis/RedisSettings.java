package chat.gateway.adapters.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach the Redis that holds the cluster's routing table, presence and watch index.
 *
 * @param url {@code redis://[[user:]password@]host[:port][/database]} ({@code rediss://} for TLS)
 * @param commandTimeout how long one call waits for Redis (connecting included) before it reports
 *     the cluster state unavailable; also how long {@link RedisCluster#reachable()} waits
 * @param keyPrefix put before every key, so that several gateways (or tests) can share a server
 */
public record RedisSettings(String url, Duration commandTimeout, String keyPrefix) {

  /** The default {@link #commandTimeout}. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  /** The default {@link #keyPrefix}. */
  public static final String DEFAULT_KEY_PREFIX = "gw:";

  /** The shortest {@link #commandTimeout}. */
  public static final Duration MIN_COMMAND_TIMEOUT = Duration.ofMillis(50);

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{0,64}");

  public RedisSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    String scheme;
    try {
      scheme = URI.create(url).getScheme();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the Redis URL is not a URI: " + e.getMessage(), e);
    }
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException(
          "the Redis URL must start with redis:// or rediss://, got scheme '" + scheme + "'");
    }
    if (commandTimeout.compareTo(MIN_COMMAND_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "the Redis command timeout must be at least "
              + MIN_COMMAND_TIMEOUT.toMillis()
              + " ms, got "
              + commandTimeout.toMillis()
              + " ms");
    }
    if (!PREFIX.matcher(keyPrefix).matches()) {
      throw new IllegalArgumentException(
          "the Redis key prefix must be at most 64 letters, digits, '.', '_', ':' or '-', got '"
              + keyPrefix
              + "'");
    }
  }

  /** Settings with the default command timeout and key prefix. */
  public RedisSettings(String url) {
    this(url, DEFAULT_COMMAND_TIMEOUT, DEFAULT_KEY_PREFIX);
  }
}
