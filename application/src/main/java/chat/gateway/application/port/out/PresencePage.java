package chat.gateway.application.port.out;

import java.util.List;
import java.util.Objects;

/** One page of visible users; {@code next} is empty on the last page. */
public record PresencePage(List<PresenceChange> users, String next) {

  public PresencePage {
    users = List.copyOf(users);
    Objects.requireNonNull(next, "next");
  }

  public boolean last() {
    return next.isEmpty();
  }
}
