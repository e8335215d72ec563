package chat.gateway.archfixture.application.service;

import chat.gateway.archfixture.application.port.in.KeepThingUseCase;

/** A well-behaved service of the fixture: what a port must not depend on. */
public final class KeepThingService implements KeepThingUseCase {

  @Override
  public void keep(String thing) {
    // Keeps nothing: only its name matters.
  }
}
