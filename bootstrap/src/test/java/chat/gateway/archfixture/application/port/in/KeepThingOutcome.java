package chat.gateway.archfixture.application.port.in;

import chat.gateway.archfixture.application.service.KeepThingService;

/** Breaks the port rule on purpose: an inbound port type that knows the service behind it. */
public record KeepThingOutcome(KeepThingService keptBy) {}
