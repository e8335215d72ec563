package chat.gateway.application.port.out;

import java.util.List;
import java.util.Objects;

/** One page of users with live sessions; {@code next} is empty on the last page. */
public record SessionPage(List<UserSessions> users, String next) {

  public SessionPage {
    users = List.copyOf(users);
    Objects.requireNonNull(next, "next");
  }

  public boolean last() {
    return next.isEmpty();
  }
}
