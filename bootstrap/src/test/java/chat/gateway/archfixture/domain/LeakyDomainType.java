package chat.gateway.archfixture.domain;

import chat.gateway.archfixture.adapters.ws.SocketThing;

/** Breaks the layering on purpose: a domain type that knows an adapter and a library. */
public final class LeakyDomainType {

  public SocketThing socket() {
    return new SocketThing();
  }

  public org.slf4j.Logger logger() {
    return org.slf4j.LoggerFactory.getLogger(LeakyDomainType.class);
  }
}
