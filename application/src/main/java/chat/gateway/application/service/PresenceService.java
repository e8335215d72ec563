package chat.gateway.application.service;

import chat.gateway.application.port.in.PresenceUseCase;
import chat.gateway.application.port.in.Requester;
import chat.gateway.application.port.out.PresenceStore;
import chat.gateway.application.port.out.PushRouter;
import chat.gateway.application.presence.PresenceAudience;
import chat.gateway.application.registry.Connection;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Presence: connection and disconnection, chosen statuses, watch lists. A change and its broadcast
 * happen under a per-user lock, so the audience hears one user's changes in the order they
 * happened.
 */
public final class PresenceService implements PresenceUseCase {

  private static final int STRIPES = 256;

  private final PresenceStore store;
  private final PresenceAudience audience;
  private final PushRouter router;
  private final int maxWatch;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  public PresenceService(
      PresenceStore store, PresenceAudience audience, PushRouter router, int maxWatch) {
    this.store = store;
    this.audience = audience;
    this.router = router;
    this.maxWatch = maxWatch;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /**
   * A connection authenticated: its user may come online. Returns the snapshot the connection is
   * owed (every other visible user, when the audience gives one on connect), for the caller to send
   * paced: with many users online it is larger than a send queue.
   */
  public List<PresencePush> connected(Connection connection) {
    UserId user = connection.user();
    underLock(user, () -> store.connected(user, connection.id()));
    if (!audience.snapshotOnConnect()) {
      return List.of();
    }
    List<PresencePush> snapshot = new ArrayList<>();
    for (Map.Entry<UserId, PresenceStatus> entry : store.connectedUsers().entrySet()) {
      if (!entry.getKey().equals(user) && entry.getValue() != PresenceStatus.OFFLINE) {
        snapshot.add(new PresencePush(entry.getKey(), entry.getValue()));
      }
    }
    return snapshot;
  }

  /** A connection ended: its watch list goes; its user may go offline. */
  public void disconnected(UserId user, ConnectionId connection) {
    audience.forget(connection);
    underLock(user, () -> store.disconnected(user, connection));
  }

  @Override
  public void choose(Requester requester, ClientPayload.Presence presence) {
    Optional<PresenceStatus> status = PresenceStatus.fromWire(presence.status());
    if (status.isEmpty()) {
      requester.fail(ErrorCode.WS_INVALID_PAYLOAD, "'status' must be online, offline or away");
      return;
    }
    UserId user = requester.user();
    underLock(user, () -> store.choose(user, status.get()));
  }

  @Override
  public void subscribe(Requester requester, ClientPayload.PresenceSub subscription) {
    if (subscription.userIds().size() > maxWatch) {
      requester.fail(
          ErrorCode.WS_INVALID_PAYLOAD, "'user_ids' may name at most " + maxWatch + " users");
      return;
    }
    Set<UserId> subjects = new LinkedHashSet<>();
    for (long id : subscription.userIds()) {
      if (id <= 0) {
        requester.fail(ErrorCode.WS_INVALID_PAYLOAD, "'user_ids' must be positive user ids");
        return;
      }
      subjects.add(UserId.of(id));
    }
    audience.watch(requester.connection().id(), requester.user(), subjects);
    for (UserId subject : subjects) {
      if (!requester.reply(new PresencePush(subject, store.statusOf(subject)))) {
        return;
      }
    }
  }

  private void underLock(
      UserId user, java.util.function.Supplier<Optional<PresenceStatus>> change) {
    ReentrantLock lock = locks[Math.floorMod(Long.hashCode(user.value()), STRIPES)];
    lock.lock();
    try {
      change.get().ifPresent(status -> broadcast(user, status));
    } finally {
      lock.unlock();
    }
  }

  private void broadcast(UserId subject, PresenceStatus status) {
    PresencePush push = new PresencePush(subject, status);
    for (UserId target : audience.audienceOf(subject)) {
      if (!target.equals(subject)) {
        router.push(target, push, Optional.empty());
      }
    }
  }
}
