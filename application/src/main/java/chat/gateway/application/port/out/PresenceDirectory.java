package chat.gateway.application.port.out;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Presence across the cluster, as seen from one instance: who is connected, and the status each
 * user chose. A user with no live connection is {@code offline}; the first connection anywhere
 * makes them {@code online}; a chosen status (online, away, or offline to appear offline) holds
 * until they choose another or their last connection goes, which makes them offline and forgets the
 * choice.
 *
 * <p>Each change carries the user's next version. Connections belong to the instance of this view;
 * when an instance's liveness lapses (see {@link RoutingTable#heartbeat}), {@link #expireLapsed}
 * forgets its connections and returns the users that turned offline, so that their watchers are
 * told although nobody called {@link #disconnected}.
 *
 * <p>Every method is atomic per user, safe from many threads, reports a change to exactly one
 * caller, and throws {@link ClusterStateUnavailableException} when presence cannot be reached.
 */
public interface PresenceDirectory {

  /**
   * Records an authenticated connection on this instance. Returns the change others now see (the
   * user's first live connection: {@code online}); empty otherwise, also when already recorded.
   * Refused with {@link ClusterStateUnavailableException} while this instance is not live (see
   * {@link RoutingTable#attach}).
   */
  Optional<PresenceChange> connected(UserId user, ConnectionId connection);

  /**
   * Forgets a connection of this instance. Returns {@code offline} when it was the user's last one
   * and others saw them as something else; empty otherwise, also when it was not recorded.
   */
  Optional<PresenceChange> disconnected(UserId user, ConnectionId connection);

  /**
   * Sets the status a connected user chose. Returns the change when others now see a different
   * status; empty when nothing changed or the user has no live connection.
   */
  Optional<PresenceChange> choose(UserId user, PresenceStatus status);

  /** The status others see for each of {@code users}, in one round trip; every user is answered. */
  Map<UserId, PresenceStatus> statusOf(Collection<UserId> users);

  /**
   * One page of the users others see as online or away (never those appearing offline), for the
   * snapshot a new connection gets in audience {@code all}: start with {@code ""}, go on with
   * {@link PresencePage#next()} until the last page. A user may appear on two pages, or not at all
   * if they changed meanwhile; at most {@code limit} users a page.
   */
  PresencePage visible(String cursor, int limit);

  /**
   * Forgets the connections of every instance whose liveness lapsed; returns the users now offline
   * for it, each to exactly one caller. Any instance may call it at any time.
   */
  List<PresenceChange> expireLapsed();

  /**
   * Forgets every connection of this instance (a clean shutdown); returns the users now offline.
   */
  List<PresenceChange> leave();
}
