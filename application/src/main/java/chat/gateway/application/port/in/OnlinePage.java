package chat.gateway.application.port.in;

import java.util.List;
import java.util.Objects;

/** One page of online users; {@code next} is the cursor of the next page, empty on the last. */
public record OnlinePage(List<OnlineUser> users, String next) {

  public OnlinePage {
    users = List.copyOf(users);
    Objects.requireNonNull(next, "next");
  }

  public boolean last() {
    return next.isEmpty();
  }
}
