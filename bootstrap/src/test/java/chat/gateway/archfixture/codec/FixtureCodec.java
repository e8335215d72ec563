package chat.gateway.archfixture.codec;

/** The fixture's codec. */
public final class FixtureCodec {}
