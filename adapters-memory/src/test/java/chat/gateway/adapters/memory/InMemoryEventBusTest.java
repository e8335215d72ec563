package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.testsupport.EventBusContract;

/** The contract on one hub shared by every instance of the test. */
class InMemoryEventBusTest extends EventBusContract {

  @Override
  protected Cluster newCluster() {
    InMemoryEventBus hub = new InMemoryEventBus();
    return new Cluster() {
      @Override
      public EventBus bus(InstanceId instance) {
        return hub;
      }

      @Override
      public void close() {}
    };
  }
}
