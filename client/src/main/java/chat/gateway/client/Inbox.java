package chat.gateway.client;

import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The chat messages that reach this client, from pushes and from sync pages alike: each goes to the
 * listener once, is acked {@code delivered} when it is to this user, and moves the sync cursor (the
 * highest message id this client holds). Receipts pass here too, reported only when they move a
 * status forward; a synced message of this user's that its recipient acked meanwhile is reported as
 * the receipt that was missed. While a catch-up sync runs after a reconnect, pushes wait here and
 * follow the synced pages, so that the listener sees the backlog oldest first and then what came in
 * meanwhile. Not thread-safe: confined to the event thread.
 */
final class Inbox {

  /** Message ids in one Ack, at most: the gateway's bound. */
  static final int MAX_ACK_BATCH = 1_000;

  private final ClientListener listener;
  private final boolean autoAck;
  private final LongSupplier seqs;
  private final Supplier<Optional<UserId>> me;
  private final RecentMessageIds recent = new RecentMessageIds(RecentMessageIds.DEFAULT_CAPACITY);
  private final List<Message> heldBack = new ArrayList<>();

  /** The last status reported per message of this user's, oldest forgotten first. */
  private final Map<Long, DeliveryStatus> statuses =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, DeliveryStatus> eldest) {
          return size() > RecentMessageIds.DEFAULT_CAPACITY;
        }
      };

  private boolean catchingUp;
  private long lastHeld;

  /** Written on the event thread, read by any. */
  private volatile long repeats;

  Inbox(
      ClientListener listener, boolean autoAck, LongSupplier seqs, Supplier<Optional<UserId>> me) {
    this.listener = listener;
    this.autoAck = autoAck;
    this.seqs = seqs;
    this.me = me;
  }

  /** A ChatPush: delivered now, or after the catch-up when one runs. */
  void pushed(Link link, Message message) {
    if (catchingUp) {
      heldBack.add(message);
    } else if (deliver(message)) {
      ack(link, message.id().value(), List.of());
    }
  }

  /**
   * A receipt for a message this user sent: reported when it moves the status forward, so that a
   * repeat, or one already learned from a sync page, is not reported twice.
   */
  void receipt(ServerPayload.ReceiptPush receipt) {
    if (movesForward(receipt.messageId(), receipt.status())) {
      listener.onReceipt(receipt);
    }
  }

  /**
   * A sync page, oldest first. Its messages are acked together, in Acks of up to {@link
   * #MAX_ACK_BATCH} ids (the batch extension), not one frame each.
   */
  void synced(Link link, List<Message> page) {
    List<Long> toAck = new ArrayList<>();
    for (Message message : page) {
      if (deliver(message)) {
        toAck.add(message.id().value());
      }
    }
    for (int from = 0; from < toAck.size(); from += MAX_ACK_BATCH) {
      List<Long> batch = toAck.subList(from, Math.min(toAck.size(), from + MAX_ACK_BATCH));
      ack(link, batch.getFirst(), batch.subList(1, batch.size()));
    }
  }

  /** A catch-up sync starts: pushes wait until {@link #caughtUp}. */
  void catchingUp() {
    catchingUp = true;
  }

  /** The catch-up sync ended (or gave up): the pushes that waited are delivered. */
  void caughtUp(Link link) {
    catchingUp = false;
    List<Message> waiting = List.copyOf(heldBack);
    heldBack.clear();
    for (Message message : waiting) {
      if (deliver(message)) {
        ack(link, message.id().value(), List.of());
      }
    }
  }

  /**
   * The connection is gone: pushes still waiting are dropped without an ack, so the gateway pushes
   * them again at the next login, and the next catch-up starts below them.
   */
  void linkLost() {
    catchingUp = false;
    heldBack.clear();
  }

  /** This client's own message, stored by the gateway: never shown as an incoming one. */
  void sentByMe(MessageId id) {
    recent.firstSighting(id);
    lastHeld = Math.max(lastHeld, id.value());
  }

  private boolean movesForward(MessageId id, DeliveryStatus status) {
    DeliveryStatus known = statuses.getOrDefault(id.value(), DeliveryStatus.SENT);
    if (!known.isBefore(status)) {
      return false;
    }
    statuses.put(id.value(), status);
    return true;
  }

  /** Messages that arrived again and were not delivered. */
  long repeats() {
    return repeats;
  }

  /** The highest message id this client holds; 0 when none. */
  long lastHeld() {
    return lastHeld;
  }

  /**
   * Delivers a message the first time it arrives; true when it is to be acked: it is to this user
   * and still {@code sent}. A repeat is acked again but not delivered: the gateway repeats a push
   * when no ack reached it, so the first ack may have been lost with a connection. A user's own
   * messages, pushed from their other devices, are never acked: only the recipient may.
   */
  private boolean deliver(Message message) {
    if (recent.firstSighting(message.id())) {
      lastHeld = Math.max(lastHeld, message.id().value());
      listener.onMessage(message);
    } else {
      repeats++; // confined to the event thread; volatile only for readers
    }
    boolean toMe = me.get().map(user -> user.equals(message.to())).orElse(false);
    boolean fromMe = me.get().map(user -> user.equals(message.from())).orElse(false);
    // This user's message, its recipient's ack missed while away: as the receipt it would have
    // been.
    if (fromMe
        && !toMe
        && message.status() != DeliveryStatus.SENT
        && movesForward(message.id(), message.status())) {
      listener.onReceipt(
          new ServerPayload.ReceiptPush(message.id(), message.to(), message.status()));
    }
    return autoAck && toMe && message.status() == DeliveryStatus.SENT;
  }

  /** Acks {@code first} and {@code more} delivered, in one frame. */
  private void ack(Link link, long first, List<Long> more) {
    ClientPayload ack =
        new ClientPayload.Ack(first, DeliveryStatus.DELIVERED.wireName(), List.copyOf(more));
    // A failed write loses the link, and the gateway pushes the message again next time.
    link.write(new ClientFrame(seqs.getAsLong(), ack));
  }
}
