package chat.gateway.testsupport.kafka;

import chat.gateway.testsupport.engine.EngineSource;

/** One way of obtaining the test broker; {@link KafkaBroker} chooses one per JVM. */
interface KafkaBackend {

  EngineSource source();

  /** What it is and where, for the log. */
  String description();

  String host();

  int port();

  /** {@code host:port} (or a list of them) for {@code bootstrap.servers}. */
  String bootstrapServers();

  boolean canRestart();

  boolean isRunning();

  void stop();

  void start();

  /** Ends it for good at JVM exit; quick, never throws. */
  void destroy();
}
