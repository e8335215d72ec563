package chat.gateway.application.session;

import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Acks a connection may send without taking a token from its rate limit: every message sent to
 * it that it may acknowledge (a ChatPush, or a message in a SyncRsp page, addressed to its user)
 * earns {@link #PER_MESSAGE} of them, one for {@code delivered} and one for {@code read}, up to
 * {@link #MAX} held at once. A client that acks what it receives, as the client library does by
 * itself, thus never spends its rate limit on receipts, however large a burst or backlog it is
 * sent; a client that sends more Acks than it was sent messages pays for the rest with ordinary
 * tokens, and a flood of them is refused and closed like any other.
 *
 * <p>An Ack of many messages (the batch extension) counts one per message.
 *
 * <p>Thread-safe: pushes earn from any thread, the connection's mailbox spends.
 */
final class ReceiptAllowance {

  /** Acks a message earns: {@code delivered} and {@code read}. */
  static final int PER_MESSAGE = 2;

  /** Free Acks held at most: two for each of the last 10,000 messages. */
  static final int MAX = 20_000;

  private final AtomicInteger left = new AtomicInteger();

  /** Credits what {@code frame} gives a connection of {@code owner} to acknowledge, if anything. */
  void sent(UserId owner, ServerFrame frame) {
    int messages =
        switch (frame.payload()) {
          case ServerPayload.ChatPush push -> addressedTo(owner, push.message()) ? 1 : 0;
          case ServerPayload.SyncRsp page -> {
            int count = 0;
            for (Message message : page.messages()) {
              if (addressedTo(owner, message)) {
                count++;
              }
            }
            yield count;
          }
          default -> 0;
        };
    if (messages > 0) {
      earn(messages);
    }
  }

  /** Credits {@code messages} messages. */
  void earn(int messages) {
    int earned = (int) Math.min(MAX, (long) PER_MESSAGE * messages);
    left.accumulateAndGet(earned, (held, more) -> (int) Math.min(MAX, (long) held + more));
  }

  /** Takes one free Ack; false when none is left. */
  boolean spend() {
    return spendUpTo(1) == 1;
  }

  /** Takes up to {@code wanted} free Acks; returns how many it took. */
  int spendUpTo(int wanted) {
    while (true) {
      int held = left.get();
      int taken = Math.min(held, wanted);
      if (taken <= 0) {
        return 0;
      }
      if (left.compareAndSet(held, held - taken)) {
        return taken;
      }
    }
  }

  /** Free Acks held now. */
  int left() {
    return left.get();
  }

  private static boolean addressedTo(UserId owner, Message message) {
    return owner != null && owner.equals(message.to());
  }
}
