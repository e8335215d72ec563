package chat.gateway.application.port.in;

import chat.gateway.domain.protocol.ClientPayload;

/** A user chooses a presence status, or a connection chooses whose presence it watches. */
public interface PresenceUseCase {

  /** Sets the user's status; a change is pushed to the user's audience. */
  void choose(Requester requester, ClientPayload.Presence presence);

  /**
   * Replaces the connection's watch list and answers with the current status of each watched user
   * (PresencePush frames carrying the request's seq).
   */
  void subscribe(Requester requester, ClientPayload.PresenceSub subscription);
}
