package chat.gateway.testsupport;

import static chat.gateway.testsupport.Connections.randomConnection;
import static chat.gateway.testsupport.Instances.LONG_TTL;
import static chat.gateway.testsupport.Instances.SHORT_TTL;
import static chat.gateway.testsupport.Instances.awaitLapse;
import static chat.gateway.testsupport.Instances.randomInstance;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a {@link PresenceWatchers} index shared by a cluster promises, on top of everything {@link
 * PresenceWatchersContract} checks (run here on the view of one live instance): the lists of every
 * live instance count, those of a lapsed instance are ignored at once and removed by {@code
 * expireLapsed}, and {@code leave} drops an instance's lists. An adapter's test says how to get an
 * instance's views over the state its test class shares.
 */
public abstract class ClusterPresenceWatchersContract extends PresenceWatchersContract {

  private final UserId alice = randomUser();
  private final UserId bob = randomUser();
  private final UserId carol = randomUser();

  /** The routing view of {@code instance}: the index's liveness comes from its heartbeat. */
  protected abstract RoutingTable routingTable(InstanceId instance);

  /** The watchers view of {@code instance} over the state this test class shares. */
  protected abstract PresenceWatchers watchers(InstanceId instance);

  @Override
  protected final PresenceWatchers newWatchers() {
    return live(randomInstance());
  }

  @Test
  void theListsOfEveryInstanceCount() {
    PresenceWatchers a = live(randomInstance());
    PresenceWatchers b = live(randomInstance());
    ConnectionId alicePhone = randomConnection();

    a.replace(alicePhone, alice, Set.of(carol));
    b.replace(randomConnection(), bob, Set.of(carol));

    assertThat(a.watchersOf(carol)).containsExactlyInAnyOrder(alice, bob);
    assertThat(b.watchersOf(carol)).containsExactlyInAnyOrder(alice, bob);
    a.remove(alicePhone);
    assertThat(b.watchersOf(carol)).containsExactly(bob);
  }

  @Test
  void theListsOfALapsedInstanceAreIgnoredAtOnceThenRemoved() {
    InstanceId dyingId = randomInstance();
    RoutingTable dyingRoutes = routingTable(dyingId);
    PresenceWatchers dying = watchers(dyingId);
    InstanceId liveId = randomInstance();
    PresenceWatchers a = live(liveId);
    dyingRoutes.heartbeat(SHORT_TTL);
    dying.replace(randomConnection(), alice, Set.of(carol));
    dying.replace(randomConnection(), alice, Set.of(carol, bob));
    a.replace(randomConnection(), bob, Set.of(carol));

    awaitLapse(routingTable(liveId), dyingId);

    assertThat(a.watchersOf(carol)).containsExactly(bob);
    assertThat(a.watchersOf(bob)).isEmpty();
    List<Integer> removed =
        Concurrently.run(2, i -> () -> (i == 0 ? a : newWatchers()).expireLapsed());
    assertThat(removed.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(2);

    // Beating again does not bring the removed lists back.
    dyingRoutes.heartbeat(LONG_TTL);
    assertThat(a.watchersOf(carol)).containsExactly(bob);
    assertThat(a.watchersOf(bob)).isEmpty();
  }

  @Test
  void anInstanceThatLeavesDropsItsLists() {
    PresenceWatchers a = live(randomInstance());
    PresenceWatchers leaving = live(randomInstance());
    leaving.replace(randomConnection(), alice, Set.of(carol));
    leaving.replace(randomConnection(), alice, Set.of(bob));
    a.replace(randomConnection(), bob, Set.of(carol));

    assertThat(leaving.leave()).isEqualTo(2);

    assertThat(a.watchersOf(carol)).containsExactly(bob);
    assertThat(a.watchersOf(bob)).isEmpty();
    assertThat(leaving.leave()).isZero();
  }

  private PresenceWatchers live(InstanceId instance) {
    routingTable(instance).heartbeat(LONG_TTL);
    return watchers(instance);
  }
}
