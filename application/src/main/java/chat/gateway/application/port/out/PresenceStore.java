package chat.gateway.application.port.out;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.Map;
import java.util.Optional;

/**
 * Who is connected, and the status each user chose. A user with no connection is {@code offline}; a
 * user's first connection makes them {@code online}; a status the user chooses (online, away, or
 * offline to appear offline) holds until they choose another or their last connection goes, which
 * makes them offline and forgets the choice. Every method is atomic per user and safe from many
 * threads; a change is reported to exactly one caller.
 */
public interface PresenceStore {

  /**
   * Records an authenticated connection. Returns the status others now see when it changed (the
   * user's first connection: {@code online}); empty otherwise, also when already recorded.
   */
  Optional<PresenceStatus> connected(UserId user, ConnectionId connection);

  /**
   * Forgets a connection. Returns {@code offline} when it was the user's last one and others saw
   * them as something else; empty otherwise, also when the connection was not recorded.
   */
  Optional<PresenceStatus> disconnected(UserId user, ConnectionId connection);

  /**
   * Sets the status a connected user chose. Returns the new status when others now see a different
   * one; empty when nothing changed or the user has no connection.
   */
  Optional<PresenceStatus> choose(UserId user, PresenceStatus status);

  /** The status others see for {@code user}. */
  PresenceStatus statusOf(UserId user);

  /** Every user with at least one connection, with the status others see. */
  Map<UserId, PresenceStatus> connectedUsers();
}
