package chat.gateway.domain;

import java.util.Optional;

/**
 * Where a message is on its way to the recipient. The order of the constants is the only order in
 * which a message may move: {@code sent < delivered < read}.
 */
public enum DeliveryStatus {
  SENT("sent"),
  DELIVERED("delivered"),
  READ("read");

  private final String wireName;

  DeliveryStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** True when moving from this status to {@code other} is a step forward. */
  public boolean isBefore(DeliveryStatus other) {
    return ordinal() < other.ordinal();
  }

  public static Optional<DeliveryStatus> fromWire(String name) {
    for (DeliveryStatus status : values()) {
      if (status.wireName.equals(name)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
