package chat.gateway.application.port.in;

/** A user chooses a presence status, or a connection chooses whose presence it watches. */
public interface PresenceUseCase {

  /** Sets the user's status; a change is pushed to the user's audience. */
  PresenceOutcome choose(ChoosePresenceCommand command);

  /**
   * Replaces the connection's watch list and returns the current status of each watched user, for
   * the caller to send (paced: a long list is larger than a send queue); refused when the list is
   * longer than the limit.
   */
  WatchOutcome watch(WatchPresenceCommand command);
}
