package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.MessageStore;
import chat.gateway.testsupport.MessageStoreContract;

class InMemoryMessageStoreTest extends MessageStoreContract {

  @Override
  protected MessageStore newStore() {
    return new InMemoryMessageStore();
  }
}
