package chat.gateway.domain;

import java.util.Optional;

/** A user's presence as others see it. */
public enum PresenceStatus {
  ONLINE("online"),
  OFFLINE("offline"),
  AWAY("away");

  private final String wireName;

  PresenceStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<PresenceStatus> fromWire(String name) {
    for (PresenceStatus status : values()) {
      if (status.wireName.equals(name)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
