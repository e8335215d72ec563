package chat.gateway.client;

import chat.gateway.domain.MessageId;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The ids of the last {@code capacity} distinct messages seen, to drop the gateway's repeated
 * pushes (delivery is at least once). A repeat older than the window gets through again: the window
 * is sized so that this needs thousands of messages between a push and its repeat, which the
 * gateway does not do (a repeat comes at the next login, of messages not yet acked). Not
 * thread-safe: the client confines it to its event thread.
 */
final class RecentMessageIds {

  /** Ten thousand ids: a few hundred kilobytes. */
  static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final Set<Long> seen;
  private final ArrayDeque<Long> order;

  RecentMessageIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
    this.seen = HashSet.newHashSet(capacity + 1);
    this.order = new ArrayDeque<>(capacity + 1);
  }

  /** True the first time {@code id} is offered within the window; remembers it. */
  boolean firstSighting(MessageId id) {
    if (!seen.add(id.value())) {
      return false;
    }
    order.addLast(id.value());
    if (order.size() > capacity) {
      seen.remove(order.removeFirst());
    }
    return true;
  }

  int size() {
    return order.size();
  }
}
