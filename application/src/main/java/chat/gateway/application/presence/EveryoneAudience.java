package chat.gateway.application.presence;

import chat.gateway.application.port.out.PresenceStore;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.Set;

/** Every connected user hears every change; a new connection gets a snapshot of everyone. */
public final class EveryoneAudience implements PresenceAudience {

  private final PresenceStore store;

  public EveryoneAudience(PresenceStore store) {
    this.store = store;
  }

  @Override
  public Set<UserId> audienceOf(UserId subject) {
    return store.connectedUsers().keySet();
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
  public void forget(ConnectionId connection) {
    // Nothing is kept per connection.
  }
}
