package chat.gateway.testsupport.kafka;

import chat.gateway.testsupport.engine.ExistingBackend;

/** A broker that already runs, named by {@code GATEWAY_TEST_KAFKA_BOOTSTRAP}; never stopped. */
final class ExistingBroker extends ExistingBackend implements KafkaBackend {

  private final String bootstrapServers;
  private final String host;
  private final int port;

  ExistingBroker(String bootstrapServers) {
    super("a broker", KafkaBroker.BOOTSTRAP_VARIABLE);
    this.bootstrapServers = bootstrapServers.strip();
    String first = this.bootstrapServers.split(",")[0].strip();
    int colon = first.lastIndexOf(':');
    if (colon <= 0 || colon == first.length() - 1) {
      throw new IllegalArgumentException(
          KafkaBroker.BOOTSTRAP_VARIABLE + " must be host:port[,host:port...], got " + first);
    }
    this.host = first.substring(0, colon);
    try {
      this.port = Integer.parseInt(first.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          KafkaBroker.BOOTSTRAP_VARIABLE + " must be host:port[,host:port...], got " + first, e);
    }
  }

  @Override
  public String description() {
    return "the existing broker at "
        + bootstrapServers
        + " (from "
        + KafkaBroker.BOOTSTRAP_VARIABLE
        + ")";
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
  public String bootstrapServers() {
    return bootstrapServers;
  }
}
