package chat.gateway.adapters.redis;

import chat.gateway.application.port.out.ClusterStateUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the scripts of {@link RedisScripts} on one Lettuce connection: by SHA1 ({@code EVALSHA}),
 * and with the whole text ({@code EVAL}, which also caches it) when Redis does not know it yet
 * (first use, or after a restart). Every Lettuce failure becomes a {@link
 * ClusterStateUnavailableException} naming the Redis address, never its password.
 */
final class RedisAccess {

  private static final String[] NO_KEYS = new String[0];

  private final StatefulRedisConnection<String, String> connection;
  private final String prefix;
  private final String address;
  private final Map<String, String> digests = new ConcurrentHashMap<>();

  RedisAccess(StatefulRedisConnection<String, String> connection, String prefix, String address) {
    this.connection = connection;
    this.prefix = prefix;
    this.address = address;
  }

  /** {@code host:port}, for messages. */
  String address() {
    return address;
  }

  /** Runs {@code script} with the key prefix as ARGV[1] and then {@code args}. */
  <T> T run(String what, String script, ScriptOutputType type, List<String> args) {
    String[] values = new String[args.size() + 1];
    values[0] = prefix;
    for (int i = 0; i < args.size(); i++) {
      values[i + 1] = args.get(i);
    }
    String digest = digests.computeIfAbsent(script, RedisAccess::sha1);
    RedisCommands<String, String> redis = connection.sync();
    try {
      try {
        return redis.evalsha(digest, type, NO_KEYS, values);
      } catch (RedisNoScriptException e) {
        return redis.eval(script, type, NO_KEYS, values);
      }
    } catch (RedisException e) {
      throw unavailable(what, e);
    }
  }

  /** Runs {@code script} with the key prefix and {@code args}. */
  <T> T run(String what, String script, ScriptOutputType type, String... args) {
    return run(what, script, type, List.of(args));
  }

  /** Whether Redis answers {@code PING} within the command timeout. */
  boolean ping() {
    try {
      return "PONG".equals(connection.sync().ping());
    } catch (RedisException e) {
      return false;
    }
  }

  ClusterStateUnavailableException unavailable(String what, RuntimeException cause) {
    String reason =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ClusterStateUnavailableException(
        "Redis at " + address + ": could not " + what + ": " + reason, cause);
  }

  private static String sha1(String script) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
