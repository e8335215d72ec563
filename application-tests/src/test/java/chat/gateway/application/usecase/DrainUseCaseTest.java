package chat.gateway.application.usecase;

import static chat.gateway.application.usecase.TestClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.in.AdminSession;
import chat.gateway.application.port.in.DrainProgress;
import chat.gateway.application.port.in.DrainUseCase;
import chat.gateway.application.service.DrainPace;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Draining instance a of a two-instance cluster: its sockets close with 1001 after what was queued
 * for them, they leave the routing table and presence like any close (a user with a device on b
 * stays online), and a socket opening on a while it drains is sent away at once.
 */
class DrainUseCaseTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final UserId carol = UserId.of(3);
  private final SharedCluster cluster = new SharedCluster();
  private final TestGateway a =
      cluster.start("a", o -> o.drainPace(new DrainPace(1, Duration.ofMillis(10), Duration.ZERO)));
  private final TestGateway b = cluster.start("b");
  private final DrainUseCase drain = a.core.drain();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void closesEverySocketWith1001AfterItsQueuedFramesAndTheirSessionsLeaveTheCluster() {
    TestClient alicePhone = a.login(alice);
    TestClient aliceLaptop = b.login(alice);
    TestClient bobOnA = a.login(bob);
    TestClient anonymous = a.open();
    TestClient carolOnB = b.login(carol);
    carolOnB.chat(bob, "before the drain");
    bobOnA.awaitPush(ServerPayload.ChatPush.class, push -> true);

    DrainProgress started = drain.start();

    assertThat(started.state()).isNotEqualTo(DrainProgress.State.NOT_DRAINING);
    assertThat(started.connectionsAtStart()).isEqualTo(3);
    assertThat(a.core.accepting()).isFalse();
    assertThat(alicePhone.awaitClose()).isEqualTo(CloseReason.GOING_AWAY);
    assertThat(bobOnA.awaitClose()).isEqualTo(CloseReason.GOING_AWAY);
    assertThat(anonymous.awaitClose()).isEqualTo(CloseReason.GOING_AWAY);
    assertThat(bobOnA.frames()).hasSize(bobOnA.transport().framesBeforeClose());
    eventually().until(() -> drain.progress().state() == DrainProgress.State.DRAINED);
    assertThat(drain.progress().closed()).isEqualTo(3);
    assertThat(drain.progress().remaining()).isZero();

    eventually().until(() -> b.presence.statusOf(bob) == PresenceStatus.OFFLINE);
    assertThat(b.presence.statusOf(alice)).isEqualTo(PresenceStatus.ONLINE);
    eventually()
        .untilAsserted(
            () ->
                assertThat(b.core.admin().user(alice).sessions())
                    .extracting(AdminSession::instance)
                    .containsExactly("b"));
    assertThat(b.core.admin().user(bob).sessions()).isEmpty();
    assertThat(aliceLaptop.isOpen() && carolOnB.isOpen()).isTrue();
    assertThat(b.core.accepting()).isTrue();
  }

  @Test
  void aSocketOpeningWhileTheInstanceDrainsIsClosedAtOnceWith1001() {
    drain.start();

    TestClient late = a.open();

    assertThat(late.awaitClose()).isEqualTo(CloseReason.GOING_AWAY);
    eventually().until(() -> a.core.openSockets() == 0);
    assertThat(drain.progress().state()).isEqualTo(DrainProgress.State.DRAINED);
  }

  @Test
  void anInstanceNotDrainingTakesConnectionsAndSaysSo() {
    TestClient client = a.login(alice);

    assertThat(a.core.accepting()).isTrue();
    assertThat(drain.progress().state()).isEqualTo(DrainProgress.State.NOT_DRAINING);
    assertThat(client.isOpen()).isTrue();
  }
}
