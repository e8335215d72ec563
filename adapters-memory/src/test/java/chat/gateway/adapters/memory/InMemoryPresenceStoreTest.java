package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.PresenceStore;
import chat.gateway.testsupport.PresenceStoreContract;

class InMemoryPresenceStoreTest extends PresenceStoreContract {

  @Override
  protected PresenceStore newStore() {
    return new InMemoryPresenceStore();
  }
}
