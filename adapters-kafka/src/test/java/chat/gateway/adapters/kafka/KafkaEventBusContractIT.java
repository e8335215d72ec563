package chat.gateway.adapters.kafka;

import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.testsupport.EventBusContract;
import chat.gateway.testsupport.kafka.KafkaBroker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The contract on the shared real broker: one bus per instance, topics under a fresh prefix. */
class KafkaEventBusContractIT extends EventBusContract {

  @Override
  protected Cluster newCluster() {
    KafkaBroker broker = KafkaBroker.shared();
    KafkaSettings settings =
        KafkaSettings.defaults(broker.bootstrapServers()).withTopicPrefix(broker.newTopicPrefix());
    List<KafkaEventBus> buses = new CopyOnWriteArrayList<>();
    return new Cluster() {
      @Override
      public EventBus bus(InstanceId instance) {
        KafkaEventBus bus = new KafkaEventBus(settings);
        buses.add(bus);
        return bus;
      }

      @Override
      public void close() {
        buses.forEach(KafkaEventBus::close);
      }
    };
  }
}
