package chat.gateway.testsupport.redis;

import chat.gateway.testsupport.engine.EngineBackend;
import io.lettuce.core.RedisURI;

/** One way of obtaining the test Redis; {@link RedisServer} chooses one per JVM. */
interface RedisBackend extends EngineBackend {

  /** Where to connect, database 0. */
  RedisURI redisUri();

  @Override
  default String host() {
    return redisUri().getHost();
  }

  @Override
  default int port() {
    return redisUri().getPort();
  }

  /** How many logical databases it has, so how many namespaces it can hand out (minus 0). */
  int databases();
}
