package chat.gateway.application.service;

import chat.gateway.application.port.in.AdminSession;
import chat.gateway.application.port.in.AdminUseCase;
import chat.gateway.application.port.in.DisconnectCommand;
import chat.gateway.application.port.in.Disconnected;
import chat.gateway.application.port.in.InstanceCounts;
import chat.gateway.application.port.in.OnlinePage;
import chat.gateway.application.port.in.OnlineQuery;
import chat.gateway.application.port.in.OnlineUser;
import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.LiveSession;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.port.out.SessionPage;
import chat.gateway.application.port.out.UserSessions;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's view and hand, read from the routing table and presence: see {@link AdminUseCase}.
 * A disconnect is a {@link ClusterEvent.Kick} sent to each instance that holds a targeted session,
 * and to this one in any case (its own connections are closed even while the routing table lost
 * them).
 */
public final class AdminService implements AdminUseCase {

  private final RoutingTable routes;
  private final PresenceDirectory presence;
  private final EventRouting router;

  public AdminService(RoutingTable routes, PresenceDirectory presence, EventRouting router) {
    this.routes = routes;
    this.presence = presence;
    this.router = router;
  }

  @Override
  public OnlinePage online(OnlineQuery query) {
    SessionPage page = routes.online(query.cursor(), query.limit());
    List<UserId> users = page.users().stream().map(UserSessions::user).toList();
    Map<UserId, PresenceStatus> statuses = users.isEmpty() ? Map.of() : presence.statusOf(users);
    List<OnlineUser> online =
        page.users().stream()
            .map(
                u ->
                    new OnlineUser(
                        u.user(),
                        statuses.getOrDefault(u.user(), PresenceStatus.OFFLINE),
                        view(u.sessions())))
            .toList();
    return new OnlinePage(online, page.next());
  }

  @Override
  public OnlineUser user(UserId user) {
    List<LiveSession> sessions = routes.sessionsOf(List.of(user)).getOrDefault(user, List.of());
    PresenceStatus status =
        presence.statusOf(List.of(user)).getOrDefault(user, PresenceStatus.OFFLINE);
    return new OnlineUser(user, status, view(sessions));
  }

  @Override
  public List<InstanceCounts> instances() {
    return routes.loads().stream()
        .map(l -> new InstanceCounts(l.instance().value(), l.connections(), l.users()))
        .toList();
  }

  @Override
  public Disconnected disconnect(DisconnectCommand command) {
    UserId user = command.user();
    List<LiveSession> targeted =
        routes.sessionsOf(List.of(user)).getOrDefault(user, List.of()).stream()
            .filter(s -> command.connection().map(s.connection()::equals).orElse(true))
            .toList();
    Set<InstanceId> instances = new LinkedHashSet<>();
    instances.add(routes.self());
    targeted.forEach(s -> instances.add(s.instance()));
    ClusterEvent.Kick kick =
        new ClusterEvent.Kick(Set.of(user), command.connection(), command.reconnect());
    for (InstanceId instance : instances) {
      router.send(instance, kick);
    }
    return new Disconnected(targeted.size(), kick.closeReason());
  }

  private static List<AdminSession> view(List<LiveSession> sessions) {
    return sessions.stream()
        .map(
            s ->
                new AdminSession(
                    s.instance().value(),
                    s.connection(),
                    s.info().remoteAddress(),
                    s.info().userAgent(),
                    Instant.ofEpochMilli(s.info().connectedAtMillis())))
        .toList();
  }
}
