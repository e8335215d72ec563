package chat.gateway.application.service;

import chat.gateway.domain.UserId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The newest presence version this instance applied per user, so that a change overtaken by a newer
 * one (they travel on different paths between instances) is dropped. Bounded: beyond {@code
 * capacity} users the least recently changed is forgotten, and its next change is taken as new.
 */
final class PresenceVersions {

  private final Map<UserId, Long> newest;

  PresenceVersions(int capacity) {
    this.newest =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<UserId, Long> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Records {@code version} of {@code user}; false when a version as new was applied already. */
  synchronized boolean advance(UserId user, long version) {
    Long seen = newest.get(user);
    if (seen != null && seen >= version) {
      return false;
    }
    newest.put(user, version);
    return true;
  }
}
