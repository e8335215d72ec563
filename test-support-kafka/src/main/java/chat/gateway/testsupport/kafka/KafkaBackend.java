package chat.gateway.testsupport.kafka;

import chat.gateway.testsupport.engine.EngineBackend;

/** One way of obtaining the test broker; {@link KafkaBroker} chooses one per JVM. */
interface KafkaBackend extends EngineBackend {

  /** {@code host:port} (or a list of them) for {@code bootstrap.servers}. */
  String bootstrapServers();
}
