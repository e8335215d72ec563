package chat.gateway.testsupport;

import chat.gateway.domain.ConnectionId;
import java.util.UUID;

/** Connection fixtures. */
public final class Connections {

  private Connections() {}

  /** A connection id no other test uses. */
  public static ConnectionId randomConnection() {
    return new ConnectionId("test-" + UUID.randomUUID());
  }
}
