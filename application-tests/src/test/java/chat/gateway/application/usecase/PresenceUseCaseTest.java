package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.memory.InMemoryCluster;
import chat.gateway.application.port.in.ChoosePresenceCommand;
import chat.gateway.application.port.in.PresenceOutcome;
import chat.gateway.application.port.in.UserPresence;
import chat.gateway.application.port.in.WatchOutcome;
import chat.gateway.application.port.in.WatchPresenceCommand;
import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.PresenceChange;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.presence.EveryoneAudience;
import chat.gateway.application.presence.PresenceAudience;
import chat.gateway.application.presence.SubscribedAudience;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.application.service.EventDelivery;
import chat.gateway.application.service.PresenceService;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The presence use case called directly, on the in-memory adapters; fan-out runs inline. */
class PresenceUseCaseTest {

  private static final UserId ALICE = UserId.of(1);
  private static final UserId BOB = UserId.of(2);
  private static final UserId CAROL = UserId.of(3);
  private static final ConnectionId ALICE_PHONE = new ConnectionId("alice-phone");
  private static final ConnectionId BOB_PHONE = new ConnectionId("bob-phone");
  private static final InstanceId SELF = new InstanceId("self");

  private final InMemoryCluster cluster = new InMemoryCluster(InstantSource.system());
  private final PresenceDirectory directory = cluster.presence(SELF);
  private final RecordingEventRouting events = new RecordingEventRouting();
  private final PresenceService presence = service(new SubscribedAudience(cluster.watchers(SELF)));

  PresenceUseCaseTest() {
    cluster.routingTable(SELF).heartbeat(Duration.ofMinutes(1));
  }

  private PresenceService service(PresenceAudience audience) {
    return new PresenceService(
        directory,
        audience,
        events,
        new EventDelivery(new ConnectionRegistry(3, 10), audience),
        Runnable::run,
        3);
  }

  @Test
  void choosingAStatusOthersDoNotSeeYetIsAChange() {
    directory.connected(ALICE, ALICE_PHONE);

    assertThat(presence.choose(new ChoosePresenceCommand(ALICE, PresenceStatus.AWAY)))
        .isEqualTo(new PresenceOutcome.Changed(PresenceStatus.AWAY));
    assertThat(presence.choose(new ChoosePresenceCommand(ALICE, PresenceStatus.AWAY)))
        .isEqualTo(new PresenceOutcome.Unchanged());
    assertThat(directory.statusOf(Set.of(ALICE))).containsEntry(ALICE, PresenceStatus.AWAY);
  }

  @Test
  void aChangeGoesToTheWatchersWithItsVersionAndNeverToTheSubject() {
    presence.watch(new WatchPresenceCommand(BOB, BOB_PHONE, List.of(ALICE)));
    presence.watch(new WatchPresenceCommand(ALICE, ALICE_PHONE, List.of(ALICE)));
    directory.connected(ALICE, ALICE_PHONE);

    presence.choose(new ChoosePresenceCommand(ALICE, PresenceStatus.AWAY));

    assertThat(events.all())
        .singleElement()
        .satisfies(
            routed -> {
              assertThat(routed.to()).isEqualTo("targets");
              ClusterEvent.PresenceChanged change = (ClusterEvent.PresenceChanged) routed.event();
              assertThat(change.targets()).containsExactly(BOB);
              assertThat(change.subject()).isEqualTo(ALICE);
              assertThat(change.status()).isEqualTo(PresenceStatus.AWAY);
              assertThat(change.version()).isPositive();
            });
  }

  @Test
  void inAudienceAllAChangeGoesToEveryoneWithoutListingThem() {
    PresenceService everyone = service(new EveryoneAudience());
    directory.connected(ALICE, ALICE_PHONE);

    everyone.choose(new ChoosePresenceCommand(ALICE, PresenceStatus.AWAY));

    assertThat(events.all())
        .singleElement()
        .satisfies(
            routed -> {
              assertThat(routed.to()).isEqualTo("everyone");
              assertThat(routed.event().targets()).isEmpty();
            });
  }

  @Test
  void watchingReturnsTheStatusOfEachWatchedUserOnceInTheOrderFirstNamed() {
    directory.connected(BOB, BOB_PHONE);

    WatchOutcome outcome =
        presence.watch(new WatchPresenceCommand(ALICE, ALICE_PHONE, List.of(CAROL, BOB, CAROL)));

    assertThat(outcome)
        .isEqualTo(
            new WatchOutcome.Watching(
                List.of(
                    new UserPresence(CAROL, PresenceStatus.OFFLINE),
                    new UserPresence(BOB, PresenceStatus.ONLINE))));
  }

  @Test
  void aListLongerThanTheLimitIsRefusedRepeatsIncluded() {
    WatchOutcome outcome =
        presence.watch(new WatchPresenceCommand(ALICE, ALICE_PHONE, List.of(BOB, BOB, BOB, BOB)));

    assertThat(outcome)
        .isEqualTo(
            new WatchOutcome.Refused(
                ErrorCode.WS_INVALID_PAYLOAD, "'user_ids' may name at most 3 users"));
  }

  @Test
  void theSnapshotOnConnectIsEmptyWhenOnlyWatchersHear() {
    directory.connected(BOB, BOB_PHONE);

    assertThat(presence.snapshotFor(ALICE)).isEmpty();
  }

  @Test
  void theSnapshotInAudienceAllHasEveryVisibleUserButTheNewcomerAcrossPages() {
    PresenceService everyone = service(new EveryoneAudience());
    for (int i = 10; i < 1_210; i++) {
      directory.connected(UserId.of(i), new ConnectionId("c" + i));
    }
    directory.connected(ALICE, ALICE_PHONE);
    directory.connected(BOB, BOB_PHONE);
    directory.choose(BOB, PresenceStatus.OFFLINE);

    List<PresenceChange> snapshot = everyone.snapshotFor(ALICE);

    assertThat(snapshot).hasSize(1_200);
    assertThat(snapshot).extracting(PresenceChange::user).doesNotContain(ALICE, BOB);
  }
}
