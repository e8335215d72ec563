package chat.gateway.archfixture.adapters.ws;

/** An adapter class of the fixture. */
public final class SocketThing {}
