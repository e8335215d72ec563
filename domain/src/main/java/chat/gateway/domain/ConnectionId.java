package chat.gateway.domain;

/** One WebSocket connection, unique across every gateway instance. */
public record ConnectionId(String value) {
  public ConnectionId {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("connection id must not be blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
