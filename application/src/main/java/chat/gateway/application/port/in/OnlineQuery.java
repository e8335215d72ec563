package chat.gateway.application.port.in;

import java.util.Objects;

/**
 * A page of online users: {@code cursor} is {@code ""} for the first page, else the {@code next} of
 * the page before; {@code limit} users at most, 1 to {@link #MAX_LIMIT}.
 */
public record OnlineQuery(String cursor, int limit) {

  /** Users a page holds unless asked for fewer. */
  public static final int DEFAULT_LIMIT = 100;

  /** Users a page may hold at most: one page is one bounded read of the shared state. */
  public static final int MAX_LIMIT = 1000;

  public OnlineQuery {
    Objects.requireNonNull(cursor, "cursor");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
  }

  public static OnlineQuery first(int limit) {
    return new OnlineQuery("", limit);
  }
}
