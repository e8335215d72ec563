package chat.gateway.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.testsupport.engine.EngineSource;
import org.junit.jupiter.api.Test;

class ExistingBrokerTest {

  @Test
  void takesHostAndPortFromTheFirstBootstrapServer() {
    ExistingBroker broker = new ExistingBroker(" kafka-1:9093,kafka-2:9093 ");

    assertThat(broker.host()).isEqualTo("kafka-1");
    assertThat(broker.port()).isEqualTo(9093);
    assertThat(broker.bootstrapServers()).isEqualTo("kafka-1:9093,kafka-2:9093");
    assertThat(broker.source()).isEqualTo(EngineSource.EXISTING_SERVER);
    assertThat(broker.canRestart()).isFalse();
  }

  @Test
  void refusesAValueWithoutAPortByNamingTheVariable() {
    assertThatThrownBy(() -> new ExistingBroker("kafka-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(KafkaBroker.BOOTSTRAP_VARIABLE);
    assertThatThrownBy(() -> new ExistingBroker("kafka-1:ninety"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(KafkaBroker.BOOTSTRAP_VARIABLE);
  }

  @Test
  void isNeverStoppedByTheTests() {
    ExistingBroker broker = new ExistingBroker("127.0.0.1:9092");

    assertThatThrownBy(broker::stop).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(broker::start).isInstanceOf(UnsupportedOperationException.class);
  }
}
