package chat.gateway.archfixture.application;

import chat.gateway.archfixture.adapters.memory.MemoryThings;
import chat.gateway.archfixture.application.port.in.KeepThingUseCase;

/** Breaks two rules on purpose: uses an adapter directly, and a use case not named *Service. */
public final class ThingKeeper implements KeepThingUseCase {

  private final MemoryThings things = new MemoryThings();

  @Override
  public void keep(String thing) {
    things.keep(thing);
    System.out.println(thing);
  }
}
