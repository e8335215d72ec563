package chat.gateway.testsupport.redis;

import chat.gateway.testsupport.engine.EngineSource;
import io.lettuce.core.RedisURI;

/** One way of obtaining the test Redis; {@link RedisServer} chooses one per JVM. */
interface RedisBackend {

  EngineSource source();

  /** What it is and where, for the log. */
  String description();

  /** Where to connect, database 0. */
  RedisURI redisUri();

  /** How many logical databases it has, so how many namespaces it can hand out (minus 0). */
  int databases();

  boolean canRestart();

  boolean isRunning();

  void stop();

  void start();

  /** Ends it for good at JVM exit; quick, never throws. */
  void destroy();
}
