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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Messages in memory: gone when the process ends. Writes take one lock, so ids are assigned and
 * made visible in the same order; reads take none. Messages are immutable records, so what a caller
 * holds never changes behind its back (an update replaces the stored record).
 */
public final class InMemoryMessageStore implements MessageStore {

  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<Long, Message> byId = new ConcurrentHashMap<>();
  private final Map<UserId, NavigableSet<Long>> timelines = new ConcurrentHashMap<>();
  private final Map<UserId, NavigableSet<Long>> undelivered = new ConcurrentHashMap<>();
  private final Map<IdempotencyKey, Long> byClientId = new ConcurrentHashMap<>();
  private volatile long lastId;

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
      long id = lastId + 1;
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
        timeline(undelivered, current.to()).remove(id.value());
      }
      return Optional.of(moved);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public HistoryPage history(UserId user, SyncCursor cursor, int limit) {
    NavigableSet<Long> ids = timelines.getOrDefault(user, Collections.emptyNavigableSet());
    NavigableSet<Long> candidates =
        switch (cursor) {
          case SyncCursor.AfterId after -> ids.tailSet(after.id().value(), false);
          case SyncCursor.AfterTime time -> ids;
          case SyncCursor.Beginning beginning -> ids;
        };
    List<Message> page = new ArrayList<>(Math.min(limit, 128));
    for (Long id : candidates) {
      Message message = byId.get(id);
      if (cursor instanceof SyncCursor.AfterTime time
          && !message.createdAt().isAfter(time.time())) {
        continue;
      }
      if (page.size() == limit) {
        return new HistoryPage(page, true);
      }
      page.add(message);
    }
    return new HistoryPage(page, false);
  }

  @Override
  public List<Message> undelivered(UserId recipient, Optional<MessageId> after, int limit) {
    NavigableSet<Long> ids = undelivered.getOrDefault(recipient, Collections.emptyNavigableSet());
    NavigableSet<Long> candidates =
        after.isPresent() ? ids.tailSet(after.get().value(), false) : ids;
    List<Message> page = new ArrayList<>(Math.min(limit, 128));
    for (Long id : candidates) {
      if (page.size() == limit) {
        break;
      }
      Message message = byId.get(id);
      if (message.status() == DeliveryStatus.SENT) {
        page.add(message);
      }
    }
    return page;
  }

  /** How many messages are stored. */
  public int size() {
    return byId.size();
  }

  private static NavigableSet<Long> timeline(Map<UserId, NavigableSet<Long>> index, UserId user) {
    return index.computeIfAbsent(user, u -> new ConcurrentSkipListSet<>());
  }

  private record IdempotencyKey(UserId from, String clientMsgId) {}
}
