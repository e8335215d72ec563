package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.NewMessage;
import chat.gateway.application.port.out.StoreResult;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Messages in memory: gone when the process ends, and bounded while it runs. Writes take one lock,
 * so ids are assigned and made visible in the same order; a lookup by id takes none, the pages of
 * history and of undelivered messages take the same lock while they read (history at most {@link
 * #SCAN_CHUNK} ids per hold; a user's timeline is a sorted array of ids, appended to in id order:
 * far cheaper to write, on every chat, than a concurrent sorted set, and only read at login and
 * sync). Messages are immutable records, so what a caller holds never changes behind its back (an
 * update replaces the stored record).
 *
 * <p><b>Ids</b> are time-based so that a restarted process, which starts empty, never hands out an
 * id an earlier process handed out (clients de-duplicate by id and would drop a repeat): each id is
 * {@code max(previous id + 1, unix millis << 10)}, and the first id of an instance is at least
 * {@code (unix millis + }{@link #RESTART_MARGIN}{@code ) << 10}. So a new instance starts above
 * every id of the previous one as long as (a) the clock did not step back between the two runs by
 * more than the margin, and (b) the previous instance stored fewer than 1,024 messages per
 * millisecond of its life on average (above that its ids run ahead of the clock). Ids stay below
 * 2^53, the largest integer a JavaScript number holds exactly, until the year 2248; the store
 * refuses to assign one beyond it.
 *
 * <p><b>Bounds</b> ({@link Bounds}): after each store, and whenever a read finds the oldest message
 * past the age bound, the oldest messages are evicted until the count, the estimated bytes and the
 * age are all within their bounds. Eviction removes a message from every index (history, the
 * undelivered set, the client message id of its sender): a sync whose cursor lies before the
 * evicted messages starts at the oldest one kept, the login push no longer offers it, and a retry
 * with its client message id stores it anew.
 */
public final class InMemoryMessageStore implements MessageStore {

  /**
   * How far ahead of the clock a new instance's first id starts: a clock that stepped back this
   * much between two runs still yields ids above the previous run's.
   */
  public static final Duration RESTART_MARGIN = Duration.ofMinutes(1);

  /** Low bits of an id that count messages within one millisecond. */
  static final int SEQUENCE_BITS = 10;

  /** Ids stay below this: 2^53, beyond which a JavaScript number is no longer exact. */
  static final long MAX_ID = 1L << 53;

  /**
   * What a stored message is estimated to cost beyond its content and client message id: the
   * message record and its id, time and optionals, the string headers, and the entries of the
   * indexes (by id, two timelines, the undelivered set, client message ids, eviction order).
   */
  public static final int PER_MESSAGE_OVERHEAD_BYTES = 512;

  /** Ids a history read looks at per hold of the write lock. */
  static final int SCAN_CHUNK = 4096;

  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<Long, Message> byId = new ConcurrentHashMap<>();

  /** Each user's messages, sent or received, by id; guarded by the write lock. */
  private final Map<UserId, Timeline> timelines = new HashMap<>();

  /** Each user's received messages still {@code SENT}, by id; guarded by the write lock. */
  private final Map<UserId, Timeline> undelivered = new HashMap<>();

  private final Map<IdempotencyKey, Long> byClientId = new ConcurrentHashMap<>();

  /** Stored messages oldest first, for eviction; guarded by the write lock. */
  private final ArrayDeque<Stored> order = new ArrayDeque<>();

  private final InstantSource clock;
  private final Bounds bounds;
  private final long firstId;
  private long bytes;
  private volatile long oldestStoredAt = Long.MAX_VALUE;
  private volatile long lastId;

  /** A store with the system clock and the default bounds. */
  public InMemoryMessageStore() {
    this(InstantSource.system(), Bounds.defaults());
  }

  public InMemoryMessageStore(InstantSource clock, Bounds bounds) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.bounds = Objects.requireNonNull(bounds, "bounds");
    this.firstId = timeBased(clock.millis() + RESTART_MARGIN.toMillis());
  }

  @Override
  public StoreResult store(NewMessage message) {
    writeLock.lock();
    try {
      Optional<IdempotencyKey> key =
          message.clientMsgId().map(id -> new IdempotencyKey(message.from(), id));
      if (key.isPresent()) {
        Long existing = byClientId.get(key.get());
        if (existing != null) {
          return new StoreResult(byId.get(existing), true);
        }
      }
      long now = clock.millis();
      long id = Math.max(Math.max(lastId + 1, firstId), timeBased(now));
      if (id >= MAX_ID) {
        throw new IllegalStateException("message ids exhausted: " + id + " is not below 2^53");
      }
      Message stored =
          new Message(
              MessageId.of(id),
              message.from(),
              message.to(),
              message.type(),
              message.content(),
              message.createdAt(),
              DeliveryStatus.SENT,
              message.clientMsgId());
      byId.put(id, stored);
      key.ifPresent(k -> byClientId.put(k, id));
      timeline(timelines, message.from()).add(id);
      timeline(timelines, message.to()).add(id);
      timeline(undelivered, message.to()).add(id);
      lastId = id;
      long size = estimatedBytes(message);
      order.addLast(new Stored(id, now, size));
      bytes += size;
      evictBeyondBounds(now);
      return new StoreResult(stored, false);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public Optional<MessageId> latestId() {
    long id = lastId;
    return id == 0 ? Optional.empty() : Optional.of(MessageId.of(id));
  }

  @Override
  public Optional<Message> find(MessageId id) {
    return Optional.ofNullable(byId.get(id.value()));
  }

  @Override
  public Optional<Message> advance(MessageId id, DeliveryStatus status) {
    writeLock.lock();
    try {
      Message current = byId.get(id.value());
      if (current == null || !current.status().isBefore(status)) {
        return Optional.empty();
      }
      Message moved = current.withStatus(status);
      byId.put(id.value(), moved);
      if (current.status() == DeliveryStatus.SENT) {
        forget(undelivered, current.to(), id.value());
      }
      return Optional.of(moved);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public HistoryPage history(UserId user, SyncCursor cursor, int limit) {
    expireIfDue();
    // A time cursor may skip many messages before the first it takes: the scan holds the write
    // lock for at most SCAN_CHUNK ids at a time and goes on after the last id it saw, so a long
    // timeline never stops the writers for long.
    long after = cursor instanceof SyncCursor.AfterId id ? id.id().value() : Long.MIN_VALUE;
    List<Message> page = new ArrayList<>(Math.min(limit, 128));
    while (true) {
      writeLock.lock();
      try {
        Timeline ids = timelines.get(user);
        if (ids == null) {
          return new HistoryPage(page, false);
        }
        int from = ids.indexAfter(after);
        int to = Math.min(ids.size(), from + SCAN_CHUNK);
        for (int i = from; i < to; i++) {
          after = ids.get(i);
          Message message = byId.get(after);
          if (message == null) {
            continue;
          }
          if (cursor instanceof SyncCursor.AfterTime time
              && !message.createdAt().isAfter(time.time())) {
            continue;
          }
          if (page.size() == limit) {
            return new HistoryPage(page, true);
          }
          page.add(message);
        }
        if (to == ids.size()) {
          return new HistoryPage(page, false);
        }
      } finally {
        writeLock.unlock();
      }
    }
  }

  @Override
  public List<Message> undelivered(UserId recipient, Optional<MessageId> after, int limit) {
    expireIfDue();
    writeLock.lock();
    try {
      Timeline ids = undelivered.get(recipient);
      if (ids == null) {
        return new ArrayList<>();
      }
      List<Message> page = new ArrayList<>(Math.min(limit, 128));
      for (int i = after.isPresent() ? ids.indexAfter(after.get().value()) : 0;
          i < ids.size() && page.size() < limit;
          i++) {
        Message message = byId.get(ids.get(i));
        if (message != null && message.status() == DeliveryStatus.SENT) {
          page.add(message);
        }
      }
      return page;
    } finally {
      writeLock.unlock();
    }
  }

  /** How many messages are stored. */
  public int size() {
    return byId.size();
  }

  /** The estimated bytes of the stored messages, as the byte bound counts them. */
  public long estimatedBytes() {
    writeLock.lock();
    try {
      return bytes;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * What a message counts against the byte bound: its content and client message id in UTF-8 (never
   * less than the heap holds for them: a Java string takes one byte per Latin-1 character and two
   * per other UTF-16 unit) plus {@link #PER_MESSAGE_OVERHEAD_BYTES}.
   */
  static long estimatedBytes(NewMessage message) {
    return utf8Length(message.content())
        + message.clientMsgId().map(InMemoryMessageStore::utf8Length).orElse(0L)
        + PER_MESSAGE_OVERHEAD_BYTES;
  }

  private static long utf8Length(String text) {
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // A surrogate pair is four bytes in UTF-8: two per half.
      length += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return length;
  }

  private static long timeBased(long epochMillis) {
    return Math.max(1, epochMillis) << SEQUENCE_BITS;
  }

  /** Evicts messages past the age bound when a read finds the oldest one expired. */
  private void expireIfDue() {
    long now = clock.millis();
    if (now - oldestStoredAt > bounds.maxAge().toMillis() && writeLock.tryLock()) {
      try {
        evictBeyondBounds(now);
      } finally {
        writeLock.unlock();
      }
    }
  }

  /** Evicts the oldest messages until every bound holds. Under the write lock. */
  private void evictBeyondBounds(long now) {
    long maxAge = bounds.maxAge().toMillis();
    while (!order.isEmpty()
        && (order.size() > bounds.maxMessages()
            || bytes > bounds.maxBytes()
            || now - order.peekFirst().storedAt() > maxAge)) {
      evict(order.removeFirst());
    }
    oldestStoredAt = order.isEmpty() ? Long.MAX_VALUE : order.peekFirst().storedAt();
  }

  private void evict(Stored oldest) {
    bytes -= oldest.bytes();
    Message message = byId.get(oldest.id());
    // Out of the indexes first, then out of the map: a reader that still finds the id in an index
    // skips it when the map no longer has it.
    forget(timelines, message.from(), oldest.id());
    forget(timelines, message.to(), oldest.id());
    forget(undelivered, message.to(), oldest.id());
    message
        .clientMsgId()
        .ifPresent(
            clientId ->
                byClientId.remove(new IdempotencyKey(message.from(), clientId), oldest.id()));
    byId.remove(oldest.id());
  }

  private static void forget(Map<UserId, Timeline> index, UserId user, long id) {
    Timeline ids = index.get(user);
    if (ids != null) {
      ids.remove(id);
      if (ids.size() == 0) {
        index.remove(user);
      }
    }
  }

  private static Timeline timeline(Map<UserId, Timeline> index, UserId user) {
    return index.computeIfAbsent(user, u -> new Timeline());
  }

  /**
   * Ids in ascending order, in a growing array: ids are handed out in ascending order under the
   * write lock, so adding is appending (an id equal to the last, a message to oneself, is added
   * once). Eviction takes the oldest, the first; a status change removes one from anywhere (usually
   * the newest, or the oldest during a login push), by binary search. Not thread-safe: used under
   * the write lock.
   */
  static final class Timeline {
    private long[] ids = new long[4];
    private int head;
    private int end;

    int size() {
      return end - head;
    }

    long get(int index) {
      return ids[head + index];
    }

    void add(long id) {
      if (end > head && ids[end - 1] >= id) {
        if (ids[end - 1] == id) {
          return;
        }
        throw new IllegalStateException("ids must be added in ascending order");
      }
      if (end == ids.length) {
        int size = size();
        long[] grown = size * 2 > ids.length ? new long[ids.length * 2] : ids;
        System.arraycopy(ids, head, grown, 0, size);
        ids = grown;
        head = 0;
        end = size;
      }
      ids[end++] = id;
    }

    void remove(long id) {
      int at = Arrays.binarySearch(ids, head, end, id);
      if (at < 0) {
        return;
      }
      if (at == head) {
        head++;
      } else {
        System.arraycopy(ids, at + 1, ids, at, end - at - 1);
        end--;
      }
      if (head == end) {
        head = 0;
        end = 0;
      }
    }

    /** The index of the first id above {@code id}. */
    int indexAfter(long id) {
      int at = Arrays.binarySearch(ids, head, end, id);
      return (at >= 0 ? at + 1 : -at - 1) - head;
    }
  }

  /**
   * How much the store keeps: at most {@code maxMessages} messages, at most {@code maxBytes} of
   * them as {@link InMemoryMessageStore#estimatedBytes(NewMessage)} counts them, none stored longer
   * than {@code maxAge} ago. The oldest go first.
   */
  public record Bounds(long maxMessages, long maxBytes, Duration maxAge) {

    public static final long DEFAULT_MAX_MESSAGES = 1_000_000;
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    public Bounds {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxMessages < 1) {
        throw new IllegalArgumentException("maxMessages must be positive, got " + maxMessages);
      }
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
      }
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
      }
    }

    /** 1,000,000 messages, 256 MiB, 7 days. */
    public static Bounds defaults() {
      return new Bounds(DEFAULT_MAX_MESSAGES, DEFAULT_MAX_BYTES, DEFAULT_MAX_AGE);
    }
  }

  private record Stored(long id, long storedAt, long bytes) {}

  private record IdempotencyKey(UserId from, String clientMsgId) {}
}
