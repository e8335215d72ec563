package chat.gateway.application.presence;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.Optional;
import java.util.Set;

/**
 * Who hears of a user's presence changes ({@code GATEWAY_PRESENCE_AUDIENCE}). Two modes: {@link
 * EveryoneAudience} (every connected user hears every change: the design document's rule, right for
 * a small team) and {@link SubscribedAudience} (a connection hears only the users it watches, for
 * large deployments where "everyone" costs N² pushes).
 */
public interface PresenceAudience {

  /**
   * The users to route a change of {@code subject} to (the subject itself excluded by callers), or
   * empty for every connected user.
   */
  Optional<Set<UserId>> audienceOf(UserId subject);

  /** Whether a connection on this instance wants changes of {@code subject}. */
  boolean hears(ConnectionId connection, UserId subject);

  /** Whether a new connection gets the status of every connected user at once. */
  boolean snapshotOnConnect();

  /** Replaces the watch list of {@code connection}. */
  void watch(ConnectionId connection, UserId watcher, Set<UserId> subjects);

  /** Gives the shared index a connection's watch list again, after the index lost it. */
  void restore(ConnectionId connection, UserId watcher);

  /** Forgets a closed connection's watch list. */
  void forget(ConnectionId connection);
}
