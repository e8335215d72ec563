package chat.gateway.application.usecase;

import static chat.gateway.application.usecase.TestClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import chat.gateway.application.port.in.AdminSession;
import chat.gateway.application.port.in.AdminUseCase;
import chat.gateway.application.port.in.DisconnectCommand;
import chat.gateway.application.port.in.Disconnected;
import chat.gateway.application.port.in.InstanceCounts;
import chat.gateway.application.port.in.OnlinePage;
import chat.gateway.application.port.in.OnlineQuery;
import chat.gateway.application.port.in.OnlineUser;
import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's use case on two instances of one cluster: whoever asks, any instance answers for
 * every session, and a disconnect closes the user's sessions wherever they are.
 */
class AdminUseCaseTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final SharedCluster cluster = new SharedCluster();
  private final TestGateway a = cluster.start("a");
  private final TestGateway b = cluster.start("b");
  private final AdminUseCase adminOnA = a.core.admin();
  private final AdminUseCase adminOnB = b.core.admin();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void anyInstanceListsAUsersSessionsEverywhereWithAddressUserAgentAndAuthTime() {
    long before = System.currentTimeMillis();
    TestClient phone =
        a.login(alice, RecordingTransport.unbounded().from("/198.51.100.4:50123", "chat-ios/3.1"));
    TestClient laptop =
        b.login(alice, RecordingTransport.unbounded().from("/203.0.113.9:40000", "Mozilla/5.0"));
    long after = System.currentTimeMillis();

    OnlineUser seen = adminOnA.user(alice);

    assertThat(seen.presence()).isEqualTo(PresenceStatus.ONLINE);
    assertThat(seen.sessions()).extracting(AdminSession::instance).containsExactly("a", "b");
    assertThat(seen.sessions())
        .extracting(AdminSession::remoteAddress, AdminSession::userAgent)
        .containsExactly(
            tuple("/198.51.100.4:50123", "chat-ios/3.1"),
            tuple("/203.0.113.9:40000", "Mozilla/5.0"));
    assertThat(seen.sessions())
        .allSatisfy(s -> assertThat(s.connectedSince().toEpochMilli()).isBetween(before, after));
    assertThat(adminOnB.user(alice)).isEqualTo(seen);
    assertThat(phone.isOpen() && laptop.isOpen()).isTrue();
  }

  @Test
  void aUserWhoAppearsOfflineIsListedWithTheirSessionsAndPresenceOffline() {
    TestClient phone = a.login(alice);
    phone.send(new ClientPayload.Presence("offline"));
    phone.roundTrip();

    OnlineUser seen = adminOnB.user(alice);

    assertThat(seen.presence()).isEqualTo(PresenceStatus.OFFLINE);
    assertThat(seen.sessions()).hasSize(1);
    assertThat(adminOnB.user(bob))
        .isEqualTo(new OnlineUser(bob, PresenceStatus.OFFLINE, List.of()));
  }

  @Test
  void pagesListEveryOnlineUserOnceAndInstancesCountTheirConnectionsAndUsers() {
    a.login(alice);
    b.login(alice);
    b.login(bob);

    List<OnlineUser> listed = new ArrayList<>();
    OnlinePage page = adminOnA.online(OnlineQuery.first(1));
    listed.addAll(page.users());
    while (!page.last()) {
      page = adminOnA.online(new OnlineQuery(page.next(), 1));
      assertThat(page.users()).hasSizeLessThanOrEqualTo(1);
      listed.addAll(page.users());
    }

    assertThat(listed).extracting(OnlineUser::user).containsExactlyInAnyOrder(alice, bob);
    assertThat(listed.stream().filter(u -> u.user().equals(alice)).findFirst().orElseThrow())
        .satisfies(u -> assertThat(u.sessions()).hasSize(2));
    assertThat(adminOnB.instances())
        .containsExactlyInAnyOrder(new InstanceCounts("a", 1, 1), new InstanceCounts("b", 2, 2));
    assertThatThrownBy(() -> new OnlineQuery("", OnlineQuery.MAX_LIMIT + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBanClosesAllThreeDevicesOnTwoInstancesWith4403AndNoOneElse() {
    List<TestClient> devices = List.of(a.login(alice), b.login(alice), b.login(alice));
    TestClient bobPhone = a.login(bob);

    Disconnected done = adminOnA.disconnect(new DisconnectCommand(alice, Optional.empty(), false));

    assertThat(done).isEqualTo(new Disconnected(3, CloseReason.KICKED));
    for (TestClient device : devices) {
      assertThat(device.awaitClose()).isEqualTo(CloseReason.KICKED);
    }
    assertThat(CloseReason.KICKED.code()).isEqualTo(4403);
    assertThat(CloseReason.KICKED.reconnect()).as("a banned client stays away").isFalse();
    eventually().until(() -> adminOnB.user(alice).sessions().isEmpty());
    bobPhone.roundTrip();
    assertThat(bobPhone.isOpen()).isTrue();
  }

  @Test
  void aMoveClosesEveryDeviceWith1001SoTheyReconnect() {
    List<TestClient> devices = List.of(a.login(alice), b.login(alice), b.login(alice));

    Disconnected done = adminOnB.disconnect(new DisconnectCommand(alice, Optional.empty(), true));

    assertThat(done).isEqualTo(new Disconnected(3, CloseReason.GOING_AWAY));
    for (TestClient device : devices) {
      assertThat(device.awaitClose()).isEqualTo(CloseReason.GOING_AWAY);
    }
    assertThat(CloseReason.GOING_AWAY.code()).isEqualTo(1001);
    assertThat(CloseReason.GOING_AWAY.reconnect()).isTrue();
  }

  @Test
  void namingOneSessionClosesOnlyThatOne() {
    TestClient phone = a.login(alice);
    TestClient laptop = b.login(alice);
    AdminSession onB =
        adminOnA.user(alice).sessions().stream()
            .filter(s -> s.instance().equals("b"))
            .findFirst()
            .orElseThrow();

    Disconnected done =
        adminOnA.disconnect(new DisconnectCommand(alice, Optional.of(onB.connection()), false));

    assertThat(done.sessions()).isEqualTo(1);
    assertThat(laptop.awaitClose()).isEqualTo(CloseReason.KICKED);
    phone.roundTrip();
    assertThat(phone.isOpen()).isTrue();
    eventually().until(() -> adminOnA.user(alice).sessions().size() == 1);
    assertThat(
            adminOnA
                .disconnect(new DisconnectCommand(alice, Optional.of(onB.connection()), false))
                .sessions())
        .as("a session that is gone")
        .isZero();
  }

  @Test
  void aSessionsUserAgentIsKeptWithinItsBound() {
    String longAgent = "agent/" + "y".repeat(1000);
    a.login(alice, RecordingTransport.unbounded().from("/192.0.2.1:1", longAgent));

    AdminSession session = adminOnB.user(alice).sessions().getFirst();

    assertThat(session.userAgent()).isEqualTo(longAgent.substring(0, SessionInfo.MAX_USER_AGENT));
  }
}
