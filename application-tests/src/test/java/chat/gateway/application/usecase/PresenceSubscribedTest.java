package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.session.GatewayCoreBuilder.AudienceMode;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload.Error;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code subscribed} audience: a connection hears only the users it watches. */
class PresenceSubscribedTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final UserId carol = UserId.of(3);
  private final UserId dave = UserId.of(4);
  private final TestGateway gateway =
      TestGateway.with()
          .audience(AudienceMode.SUBSCRIBED)
          .limits(limits -> limits.maxPresenceWatch(3))
          .start();

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void aSubscriptionIsAnsweredWithTheCurrentStatusesCarryingItsSeq() {
    TestClient aliceClient = gateway.login(alice);
    gateway.login(bob).send(new ClientPayload.Presence("away"));
    gateway.login(carol);
    TestClient.eventually().until(() -> gateway.presence.statusOf(bob) == PresenceStatus.AWAY);

    long seq = aliceClient.send(new ClientPayload.PresenceSub(List.of(2L, 3L, 4L)));

    TestClient.eventually()
        .until(() -> aliceClient.frames().stream().filter(f -> f.seq() == seq).count() == 3);
    assertThat(aliceClient.frames())
        .filteredOn(f -> f.seq() == seq)
        .containsExactly(
            ServerFrame.reply(seq, new PresencePush(bob, PresenceStatus.AWAY)),
            ServerFrame.reply(seq, new PresencePush(carol, PresenceStatus.ONLINE)),
            ServerFrame.reply(seq, new PresencePush(dave, PresenceStatus.OFFLINE)));
    assertThat(aliceClient.pushes(PresencePush.class)).isEmpty();
  }

  @Test
  void onlyChangesOfWatchedUsersArrive() {
    TestClient aliceClient = gateway.login(alice);
    aliceClient.send(new ClientPayload.PresenceSub(List.of(2L)));
    aliceClient.roundTrip();

    TestClient carolClient = gateway.login(carol);
    carolClient.send(new ClientPayload.Presence("away"));
    carolClient.roundTrip();
    TestClient bobClient = gateway.login(bob);
    bobClient.send(new ClientPayload.Presence("away"));
    bobClient.disconnect();

    aliceClient.awaitPush(PresencePush.class, p -> p.status() == PresenceStatus.OFFLINE);
    assertThat(aliceClient.pushes(PresencePush.class))
        .containsExactly(
            new PresencePush(bob, PresenceStatus.ONLINE),
            new PresencePush(bob, PresenceStatus.AWAY),
            new PresencePush(bob, PresenceStatus.OFFLINE));
  }

  @Test
  void aNewSubscriptionReplacesTheOldOne() {
    TestClient aliceClient = gateway.login(alice);
    aliceClient.send(new ClientPayload.PresenceSub(List.of(2L)));
    aliceClient.send(new ClientPayload.PresenceSub(List.of(3L)));
    aliceClient.roundTrip();

    gateway.login(bob);
    gateway.login(carol);

    aliceClient.awaitPush(PresencePush.class, p -> p.userId().equals(carol));
    assertThat(aliceClient.pushes(PresencePush.class))
        .containsExactly(new PresencePush(carol, PresenceStatus.ONLINE));
  }

  @Test
  void anotherConnectionOfTheWatcherHearsNothingItDidNotAskFor() {
    TestClient aliceWatching = gateway.login(alice);
    TestClient aliceOther = gateway.login(alice);
    aliceWatching.send(new ClientPayload.PresenceSub(List.of(2L)));
    aliceWatching.roundTrip();

    gateway.login(bob);

    aliceWatching.awaitPush(PresencePush.class, p -> p.userId().equals(bob));
    aliceOther.roundTrip();
    assertThat(aliceOther.received(PresencePush.class)).isEmpty();
  }

  @Test
  void moreIdsThanTheLimitAreInvalid() {
    TestClient aliceClient = gateway.login(alice);

    long seq = aliceClient.send(new ClientPayload.PresenceSub(List.of(2L, 3L, 4L, 5L)));

    assertThat(aliceClient.awaitReply(seq, Error.class).code())
        .isEqualTo(ErrorCode.WS_INVALID_PAYLOAD);
    assertThat(aliceClient.received(PresencePush.class)).isEmpty();
  }

  @Test
  void aNonPositiveIdIsInvalid() {
    TestClient aliceClient = gateway.login(alice);

    long seq = aliceClient.send(new ClientPayload.PresenceSub(List.of(2L, 0L)));

    assertThat(aliceClient.awaitReply(seq, Error.class).code())
        .isEqualTo(ErrorCode.WS_INVALID_PAYLOAD);
  }

  @Test
  void noSnapshotOnConnect() {
    gateway.login(bob);

    TestClient aliceClient = gateway.loginAndAwaitLoginPush(alice);

    assertThat(aliceClient.received(PresencePush.class)).isEmpty();
  }
}
