package chat.gateway.archfixture.client;

import chat.gateway.archfixture.adapters.ws.SocketThing;

/** Breaks the client's allow-list on purpose: a client class that reaches into a server adapter. */
public final class LeakyClient {

  public SocketThing socket() {
    return new SocketThing();
  }
}
