package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.session.GatewayCoreBuilder.AudienceMode;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Presence across two instances of one cluster, in both audiences. */
class ClusterPresenceTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final UserId carol = UserId.of(3);
  private final SharedCluster cluster = new SharedCluster();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void everyoneOnOneInstanceHearsALoginAStatusAndALogoutOnAnother() {
    TestGateway a = cluster.start("a");
    TestGateway b = cluster.start("b");
    TestClient watcher = a.login(alice);

    TestClient bobPhone = b.login(bob);
    watcher.awaitPush(PresencePush.class, p -> p.userId().equals(bob));
    TestClient bobLaptop = a.login(bob);
    bobPhone.send(new ClientPayload.Presence("away"));
    watcher.awaitPush(PresencePush.class, p -> p.status() == PresenceStatus.AWAY);
    bobPhone.disconnect();
    bobLaptop.disconnect();

    watcher.awaitPush(PresencePush.class, p -> p.status() == PresenceStatus.OFFLINE);
    assertThat(watcher.pushes(PresencePush.class))
        .containsExactly(
            new PresencePush(bob, PresenceStatus.ONLINE),
            new PresencePush(bob, PresenceStatus.AWAY),
            new PresencePush(bob, PresenceStatus.OFFLINE));
    assertThat(a.presence.statusOf(bob)).isEqualTo(PresenceStatus.OFFLINE);
    // The subject does not hear of itself, on either instance.
    assertThat(bobPhone.pushes(PresencePush.class)).doesNotContain(awayOf(bob));
    assertThat(bobLaptop.pushes(PresencePush.class)).noneMatch(push -> push.userId().equals(bob));
  }

  @Test
  void aNewConnectionGetsTheUsersOnlineOnOtherInstancesInItsSnapshot() {
    TestGateway a = cluster.start("a");
    TestGateway b = cluster.start("b");
    b.login(bob).send(new ClientPayload.Presence("away"));
    b.login(carol);
    TestClient.eventually().until(() -> a.presence.statusOf(bob) == PresenceStatus.AWAY);

    TestClient late = a.loginAndAwaitLoginPush(alice);

    // A change whose broadcast ran late may come as well as the snapshot: the same status twice.
    assertThat(Set.copyOf(late.pushes(PresencePush.class)))
        .containsExactlyInAnyOrder(awayOf(bob), new PresencePush(carol, PresenceStatus.ONLINE));
  }

  @Test
  void aSubscriptionOnOneInstanceFollowsAUserOnAnother() {
    TestGateway a = cluster.start("a", o -> o.audience(AudienceMode.SUBSCRIBED));
    TestGateway b = cluster.start("b", o -> o.audience(AudienceMode.SUBSCRIBED));
    TestClient bobClient = b.login(bob);
    TestClient carolClient = b.login(carol);
    TestClient aliceClient = a.login(alice);

    long seq = aliceClient.send(new ClientPayload.PresenceSub(List.of(bob.value())));

    assertThat(aliceClient.awaitReply(seq, PresencePush.class))
        .isEqualTo(new PresencePush(bob, PresenceStatus.ONLINE));
    // carol, whom nobody watches, changes first; then bob, whom alice watches, twice.
    carolClient.send(new ClientPayload.Presence("away"));
    carolClient.roundTrip();
    TestClient.eventually().until(() -> a.presence.statusOf(carol) == PresenceStatus.AWAY);
    bobClient.send(new ClientPayload.Presence("away"));
    aliceClient.awaitPush(PresencePush.class, p -> p.status() == PresenceStatus.AWAY);
    bobClient.disconnect();
    aliceClient.awaitPush(PresencePush.class, p -> p.status() == PresenceStatus.OFFLINE);

    // bob's login may have been broadcast after alice subscribed (it runs on its own task): an
    // online before the away is right then; carol, unwatched, is never heard of.
    assertThat(aliceClient.pushes(PresencePush.class))
        .endsWith(awayOf(bob), new PresencePush(bob, PresenceStatus.OFFLINE))
        .allMatch(push -> push.userId().equals(bob))
        .hasSizeLessThanOrEqualTo(3);
    assertThat(aliceClient.frames())
        .filteredOn(f -> f.seq() == seq)
        .containsExactly(ServerFrame.reply(seq, new PresencePush(bob, PresenceStatus.ONLINE)));
    // bob comes back on the other instance: the watch, kept in the shared index, still hears him.
    TestClient bobAgain = a.login(bob);
    aliceClient.awaitPush(
        PresencePush.class, p -> p.equals(new PresencePush(bob, PresenceStatus.ONLINE)));
    assertThat(bobAgain.pushes(PresencePush.class)).isEmpty();
  }

  private static PresencePush awayOf(UserId user) {
    return new PresencePush(user, PresenceStatus.AWAY);
  }
}
