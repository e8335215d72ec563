package chat.gateway.archfixture.application.port.out;

import chat.gateway.archfixture.application.port.in.KeepThingUseCase;

/** Breaks the port independence on purpose: an outbound port that calls into an inbound one. */
public interface ThingFeed {

  void feedInto(KeepThingUseCase keeper);
}
