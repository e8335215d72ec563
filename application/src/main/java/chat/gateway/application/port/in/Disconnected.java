package chat.gateway.application.port.in;

import chat.gateway.domain.CloseReason;
import java.util.Objects;

/**
 * What a disconnect did: how many of the user's sessions the routing table listed and were told to
 * close (0 when the user, or the named session, is not connected), and the close they get.
 */
public record Disconnected(int sessions, CloseReason closeWith) {

  public Disconnected {
    Objects.requireNonNull(closeWith, "closeWith");
    if (sessions < 0) {
      throw new IllegalArgumentException("sessions must not be negative, got " + sessions);
    }
  }
}
