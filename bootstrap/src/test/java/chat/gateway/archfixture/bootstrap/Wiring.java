package chat.gateway.archfixture.bootstrap;

/** The fixture's bootstrap. */
public final class Wiring {}
