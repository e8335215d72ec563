package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.testsupport.PresenceWatchersContract;

class InMemoryPresenceWatchersTest extends PresenceWatchersContract {

  @Override
  protected PresenceWatchers newWatchers() {
    return new InMemoryPresenceWatchers();
  }
}
