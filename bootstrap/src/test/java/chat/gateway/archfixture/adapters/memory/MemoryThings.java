package chat.gateway.archfixture.adapters.memory;

import chat.gateway.archfixture.adapters.ws.SocketThing;
import chat.gateway.archfixture.application.port.out.ThingStore;
import chat.gateway.archfixture.bootstrap.Wiring;

/** Breaks rules on purpose: named without its port, uses another adapter and bootstrap. */
public final class MemoryThings implements ThingStore {

  @Override
  public void keep(String thing) {
    new SocketThing();
    new Wiring();
  }
}
