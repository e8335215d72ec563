package chat.gateway.application.presence;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.Optional;
import java.util.Set;

/** Every connected user hears every change; a new connection gets a snapshot of everyone. */
public final class EveryoneAudience implements PresenceAudience {

  @Override
  public Optional<Set<UserId>> audienceOf(UserId subject) {
    return Optional.empty();
  }

  @Override
  public boolean hears(ConnectionId connection, UserId subject) {
    return true;
  }

  @Override
  public boolean snapshotOnConnect() {
    return true;
  }

  @Override
  public void watch(ConnectionId connection, UserId watcher, Set<UserId> subjects) {
    // Everyone already hears everyone; a PresenceSub only asks for the current statuses.
  }

  @Override
  public void restore(ConnectionId connection, UserId watcher) {
    // Nothing is kept per connection.
  }

  @Override
  public void forget(ConnectionId connection) {
    // Nothing is kept per connection.
  }
}
