package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.registry.Connection;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upkeep ({@code GatewayCore.maintain}) takes out of the routing table and presence the
 * connections that closed without leaving them, a round after they closed, and says so in one log
 * line per round; connections that left on their own cost it nothing and are not reported.
 */
class MembershipUpkeepTest {

  private static final UserId ALICE = UserId.of(11);
  private static final UserId BOB = UserId.of(12);
  private static final UserId CAROL = UserId.of(13);

  private final SharedCluster cluster = new SharedCluster();
  private final Faults faults = new Faults();
  private final TestGateway gateway = cluster.start("a", options -> options.faults(faults));
  private final RoutingTable routes = cluster.state.routingTable(new InstanceId("a"));
  private final Logger membershipLog =
      Logger.getLogger("chat.gateway.application.service.Membership");
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(
              new java.text.MessageFormat(record.getMessage()).format(record.getParameters()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLog() {
    membershipLog.addHandler(capture);
  }

  @AfterEach
  void stop() {
    membershipLog.removeHandler(capture);
    cluster.close();
  }

  @Test
  void aConnectionTheRegistryLetGoOfIsTakenOutOneRoundLater() {
    gateway.login(ALICE);
    ConnectionId alice = onlyConnectionOf(ALICE);
    // Its session never says it ended: the registry lets go of it, nothing else does.
    gateway.core.registry().unregister(ALICE, alice);

    assertThat(gateway.core.maintain()).as("a closing session gets a round to leave").isZero();
    assertThat(routes.attached(ALICE, alice)).isTrue();

    assertThat(gateway.core.maintain()).isEqualTo(1);
    assertThat(routes.attached(ALICE, alice)).isFalse();
    assertThat(gateway.presence.statusOf(ALICE)).isEqualTo(PresenceStatus.OFFLINE);
    assertThat(gateway.core.maintain()).as("taken out once").isZero();
  }

  @Test
  void oneLogLinePerRoundWithTheCount() {
    for (UserId user : List.of(ALICE, BOB, CAROL)) {
      gateway.login(user);
      gateway.core.registry().unregister(user, onlyConnectionOf(user));
    }
    gateway.core.maintain();
    logged.clear();

    assertThat(gateway.core.maintain()).isEqualTo(3);

    assertThat(logged)
        .singleElement()
        .asString()
        .startsWith("took out 3 connection(s) that had closed without leaving");
  }

  @Test
  void connectionsThatLeftOnTheirOwnAreNotReported() {
    TestClient alice = gateway.login(ALICE);
    ConnectionId id = onlyConnectionOf(ALICE);
    alice.disconnect();
    TestClient.eventually().until(() -> !routes.attached(ALICE, id));
    logged.clear();

    assertThat(gateway.core.maintain() + gateway.core.maintain()).isZero();
    assertThat(logged).isEmpty();
  }

  @Test
  void aLeaveThatFailedWhileTheRoutingTableWasDownIsRetried() {
    TestClient alice = gateway.login(ALICE);
    ConnectionId id = onlyConnectionOf(ALICE);
    faults.fail(RoutingTable.class, () -> new IllegalStateException("redis down"));
    alice.disconnect();
    TestClient.eventually()
        .until(
            () ->
                faults.thrown(RoutingTable.class) > 0
                    && gateway.core.registry().connectionsOf(ALICE).isEmpty());
    faults.heal();
    assertThat(routes.attached(ALICE, id)).as("the failed detach").isTrue();

    gateway.core.maintain();
    assertThat(gateway.core.maintain()).isEqualTo(1);

    assertThat(routes.attached(ALICE, id)).isFalse();
    assertThat(gateway.presence.statusOf(ALICE)).isEqualTo(PresenceStatus.OFFLINE);
  }

  private ConnectionId onlyConnectionOf(UserId user) {
    List<Connection> connections = gateway.core.registry().connectionsOf(user);
    assertThat(connections).hasSize(1);
    return connections.getFirst().id();
  }
}
