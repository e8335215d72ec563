package chat.gateway.application.usecase;

import static chat.gateway.testsupport.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload.ChatPush;
import chat.gateway.domain.protocol.ServerPayload.Error;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code all} audience: every connected user hears every change. */
class PresenceEveryoneTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final UserId carol = UserId.of(3);
  private final TestGateway gateway = TestGateway.start();

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void aFirstConnectionIsAnnouncedToOthersAndGetsTheOnlineUsers() {
    TestClient aliceClient = gateway.login(alice);
    TestClient carolClient = gateway.login(carol);

    TestClient bobClient = gateway.loginAndAwaitLoginPush(bob);

    assertThat(aliceClient.frames())
        .containsOnlyOnce(ServerFrame.push(new PresencePush(bob, PresenceStatus.ONLINE)));
    assertThat(carolClient.frames())
        .containsOnlyOnce(ServerFrame.push(new PresencePush(bob, PresenceStatus.ONLINE)));
    assertThat(bobClient.pushes(PresencePush.class))
        .containsExactlyInAnyOrder(
            new PresencePush(alice, PresenceStatus.ONLINE),
            new PresencePush(carol, PresenceStatus.ONLINE));
  }

  @Test
  void aSecondDeviceIsNotAnnouncedAgain() {
    TestClient aliceClient = gateway.login(alice);
    gateway.login(bob);

    TestClient bobTablet = gateway.loginAndAwaitLoginPush(bob);

    assertThat(bobTablet.pushes(PresencePush.class))
        .containsExactly(new PresencePush(alice, PresenceStatus.ONLINE));
    assertThat(aliceClient.pushes(PresencePush.class))
        .containsExactly(new PresencePush(bob, PresenceStatus.ONLINE));
  }

  @Test
  void aChosenStatusIsAnnouncedOnce() {
    TestClient aliceClient = gateway.login(alice);
    TestClient bobClient = gateway.login(bob);

    bobClient.send(new ClientPayload.Presence("away"));
    bobClient.send(new ClientPayload.Presence("away"));
    bobClient.roundTrip();

    assertThat(aliceClient.pushes(PresencePush.class))
        .containsExactly(
            new PresencePush(bob, PresenceStatus.ONLINE),
            new PresencePush(bob, PresenceStatus.AWAY));
    assertThat(gateway.presence.statusOf(bob)).isEqualTo(PresenceStatus.AWAY);
    assertThat(bobClient.received(PresencePush.class))
        .doesNotContain(new PresencePush(bob, PresenceStatus.AWAY));
  }

  @Test
  void onlyTheLastDisconnectionIsAnnouncedAsOffline() {
    TestClient aliceClient = gateway.login(alice);
    TestClient bobPhone = gateway.login(bob);
    TestClient bobLaptop = gateway.login(bob);

    bobPhone.disconnect();
    // The socket's slot is released after the presence store has forgotten the connection.
    TestClient.eventually().until(() -> gateway.core.openSockets() == 2);
    assertThat(aliceClient.pushes(PresencePush.class))
        .doesNotContain(new PresencePush(bob, PresenceStatus.OFFLINE));

    bobLaptop.disconnect();

    aliceClient.awaitPush(PresencePush.class, p -> p.status() == PresenceStatus.OFFLINE);
    assertThat(aliceClient.pushes(PresencePush.class))
        .containsExactly(
            new PresencePush(bob, PresenceStatus.ONLINE),
            new PresencePush(bob, PresenceStatus.OFFLINE));
  }

  @Test
  void aUserWhoAppearsOfflineIsLeftOutOfSnapshotsAndLeavesSilently() {
    TestClient aliceClient = gateway.login(alice);
    TestClient bobClient = gateway.login(bob);
    bobClient.send(new ClientPayload.Presence("offline"));
    aliceClient.awaitPush(PresencePush.class, p -> p.status() == PresenceStatus.OFFLINE);

    TestClient carolClient = gateway.loginAndAwaitLoginPush(carol);
    bobClient.disconnect();
    TestClient.eventually().until(() -> gateway.core.openSockets() == 2);

    assertThat(carolClient.pushes(PresencePush.class))
        .containsExactly(new PresencePush(alice, PresenceStatus.ONLINE));
    assertThat(aliceClient.pushes(PresencePush.class))
        .containsExactly(
            new PresencePush(bob, PresenceStatus.ONLINE),
            new PresencePush(bob, PresenceStatus.OFFLINE),
            new PresencePush(carol, PresenceStatus.ONLINE));
  }

  @Test
  void aChangeHeardLiveDuringTheSnapshotIsNotRepeatedByIt() throws InterruptedException {
    Faults faults = new Faults();
    try (TestGateway racing = TestGateway.with().faults(faults).start()) {
      // Alice's snapshot is read only after Bob came online, which she has heard live by then.
      Faults.Hold snapshotRead = faults.holdNext(PresenceDirectory.class, "visible");
      MessageId marker =
          racing
              .store
              .store(aMessage().from(TestGateway.SYSTEM).to(alice).text("end").build())
              .message()
              .id();
      TestClient aliceClient = racing.authenticate(alice, RecordingTransport.unbounded());
      snapshotRead.awaitHeld();
      racing.login(bob);
      aliceClient.awaitPush(PresencePush.class, p -> p.userId().equals(bob));

      snapshotRead.release();
      aliceClient.awaitPush(ChatPush.class, push -> push.message().id().equals(marker));

      assertThat(aliceClient.pushes(PresencePush.class))
          .containsExactly(new PresencePush(bob, PresenceStatus.ONLINE));
    }
  }

  @Test
  void anUnknownStatusIsInvalid() {
    TestClient bobClient = gateway.login(bob);

    long seq = bobClient.send(new ClientPayload.Presence("busy"));

    assertThat(bobClient.awaitReply(seq, Error.class).code())
        .isEqualTo(ErrorCode.WS_INVALID_PAYLOAD);
  }
}
