package chat.gateway.adapters.memory;

import static chat.gateway.testsupport.Connections.aSession;
import static chat.gateway.testsupport.Connections.randomConnection;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceChange;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Liveness follows the injected clock exactly: no waiting, no margin. */
class InMemoryClusterClockTest {

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final InstantSource clock = () -> now;
  private final InMemoryCluster cluster = new InMemoryCluster(clock);
  private final InstanceId a = new InstanceId("a");
  private final InstanceId b = new InstanceId("b");

  @Test
  void anInstanceLapsesExactlyWhenItsTtlRunsOut() {
    RoutingTable routesA = cluster.routingTable(a);
    RoutingTable routesB = cluster.routingTable(b);
    PresenceDirectory presenceB = cluster.presence(b);
    UserId user = randomUser();
    routesA.heartbeat(Duration.ofSeconds(60));
    routesB.heartbeat(Duration.ofSeconds(3));
    routesB.attach(user, randomConnection(), aSession(), 3);
    PresenceChange online = presenceB.connected(user, randomConnection()).orElseThrow();

    now = now.plusMillis(2_999);
    assertThat(routesA.instancesOf(List.of(user))).containsEntry(user, Set.of(b));
    assertThat(routesA.attach(randomUser(), randomConnection(), aSession(), 3)).isEmpty();

    now = now.plusMillis(1);
    assertThat(routesA.liveInstances()).containsExactly(a);
    assertThat(routesA.instancesOf(List.of(user))).isEmpty();
    assertThat(cluster.presence(a).statusOf(List.of(user)))
        .containsEntry(user, PresenceStatus.OFFLINE);
    assertThat(routesA.expireLapsed()).containsExactly(b);
    List<PresenceChange> offline = cluster.presence(a).expireLapsed();
    assertThat(offline).extracting(PresenceChange::user).containsExactly(user);
    assertThat(offline.getFirst().version()).isGreaterThan(online.version());
  }

  @Test
  void routesRecordTheClocksTime() {
    RoutingTable routes = cluster.routingTable(a);
    routes.heartbeat(Duration.ofSeconds(60));
    UserId user = randomUser();
    routes.attach(user, randomConnection(), aSession(), 3);

    assertThat(routes.attach(user, randomConnection(), aSession(), 1))
        .singleElement()
        .satisfies(route -> assertThat(route.attachedAtMillis()).isEqualTo(now.toEpochMilli()));
  }
}
