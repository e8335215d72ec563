package chat.gateway.archfixture.application.port.in;

import chat.gateway.archfixture.application.port.out.ThingStore;

/** Breaks the port independence on purpose: an inbound port's command holds an outbound port. */
public record KeepThingCommand(String thing, ThingStore where) {}
