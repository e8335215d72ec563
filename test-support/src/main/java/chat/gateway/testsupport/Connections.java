package chat.gateway.testsupport;

import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.domain.ConnectionId;
import java.util.UUID;

/** Connection fixtures. */
public final class Connections {

  private Connections() {}

  /** A connection id no other test uses. */
  public static ConnectionId randomConnection() {
    return new ConnectionId("test-" + UUID.randomUUID());
  }

  /** What an operator would see of a test connection opened now. */
  public static SessionInfo aSession() {
    return new SessionInfo("192.0.2.7:41000", "test-client/1.0", System.currentTimeMillis());
  }
}
