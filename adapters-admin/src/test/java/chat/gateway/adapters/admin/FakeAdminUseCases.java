package chat.gateway.adapters.admin;

import chat.gateway.application.port.in.AdminSession;
import chat.gateway.application.port.in.AdminUseCase;
import chat.gateway.application.port.in.DisconnectCommand;
import chat.gateway.application.port.in.Disconnected;
import chat.gateway.application.port.in.DrainProgress;
import chat.gateway.application.port.in.DrainUseCase;
import chat.gateway.application.port.in.InstanceCounts;
import chat.gateway.application.port.in.OnlinePage;
import chat.gateway.application.port.in.OnlineQuery;
import chat.gateway.application.port.in.OnlineUser;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The admin API's two inbound ports answered from a fixed little cluster, for the HTTP layer's
 * tests: user 7 on two instances, user 8 away on one, pages of one user. Every call is recorded;
 * {@link #failWith} makes every call throw instead.
 */
final class FakeAdminUseCases implements AdminUseCase, DrainUseCase {

  static final UserId ALICE = UserId.of(7);
  static final UserId BOB = UserId.of(8);
  static final Instant SINCE = Instant.parse("2026-12-02T10:15:30.123Z");

  private static final Map<UserId, OnlineUser> ONLINE =
      Map.of(
          ALICE,
          new OnlineUser(
              ALICE,
              PresenceStatus.ONLINE,
              List.of(
                  new AdminSession(
                      "gw-1", new ConnectionId("c-7a"), "10.0.0.1:51000", "phone/1.0", SINCE),
                  new AdminSession(
                      "gw-2",
                      new ConnectionId("c-7b"),
                      "10.0.0.2:52000",
                      "desktop/2.0",
                      SINCE.plusSeconds(60)))),
          BOB,
          new OnlineUser(
              BOB,
              PresenceStatus.AWAY,
              List.of(new AdminSession("gw-1", new ConnectionId("c-8a"), "", "", SINCE))));

  final List<Object> calls = new CopyOnWriteArrayList<>();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final AtomicReference<DrainProgress> drain =
      new AtomicReference<>(
          new DrainProgress(DrainProgress.State.NOT_DRAINING, Optional.empty(), 0, 0, 0));

  /** Every call from now on throws {@code e}; empty: they answer again. */
  void failWith(Optional<RuntimeException> e) {
    failure.set(e.orElse(null));
  }

  @Override
  public OnlinePage online(OnlineQuery query) {
    call(query);
    return switch (query.cursor()) {
      case "" -> new OnlinePage(List.of(ONLINE.get(ALICE)), "7");
      case "7" -> new OnlinePage(List.of(ONLINE.get(BOB)), "");
      // As the Redis routing table refuses a cursor it did not hand out.
      default -> throw new IllegalArgumentException("not an online cursor: " + query.cursor());
    };
  }

  @Override
  public OnlineUser user(UserId user) {
    call(user);
    return ONLINE.getOrDefault(user, new OnlineUser(user, PresenceStatus.OFFLINE, List.of()));
  }

  @Override
  public List<InstanceCounts> instances() {
    call("instances");
    return List.of(new InstanceCounts("gw-1", 2, 2), new InstanceCounts("gw-2", 1, 1));
  }

  @Override
  public Disconnected disconnect(DisconnectCommand command) {
    call(command);
    List<AdminSession> sessions =
        Optional.ofNullable(ONLINE.get(command.user())).map(OnlineUser::sessions).orElse(List.of());
    long targeted =
        sessions.stream()
            .filter(s -> command.connection().map(s.connection()::equals).orElse(true))
            .count();
    return new Disconnected(
        (int) targeted, command.reconnect() ? CloseReason.GOING_AWAY : CloseReason.KICKED);
  }

  @Override
  public DrainProgress start() {
    call("drain start");
    return drain.updateAndGet(
        now ->
            now.state() == DrainProgress.State.NOT_DRAINING
                ? new DrainProgress(DrainProgress.State.DRAINING, Optional.of(SINCE), 3, 1, 2)
                : now);
  }

  @Override
  public DrainProgress progress() {
    call("drain progress");
    return drain.get();
  }

  private void call(Object what) {
    calls.add(what);
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }
}
