package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.memory.InMemoryPresenceStore;
import chat.gateway.adapters.memory.InMemoryPresenceWatchers;
import chat.gateway.adapters.memory.InMemoryPushRouter;
import chat.gateway.application.port.in.ChoosePresenceCommand;
import chat.gateway.application.port.in.PresenceOutcome;
import chat.gateway.application.port.in.UserPresence;
import chat.gateway.application.port.in.WatchOutcome;
import chat.gateway.application.port.in.WatchPresenceCommand;
import chat.gateway.application.presence.SubscribedAudience;
import chat.gateway.application.service.PresenceService;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.RecordingLocalDelivery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The presence use case called directly, on the in-memory adapters; fan-out runs inline. */
class PresenceUseCaseTest {

  private static final UserId ALICE = UserId.of(1);
  private static final UserId BOB = UserId.of(2);
  private static final UserId CAROL = UserId.of(3);
  private static final ConnectionId ALICE_PHONE = new ConnectionId("alice-phone");
  private static final ConnectionId BOB_PHONE = new ConnectionId("bob-phone");

  private final InMemoryPresenceStore store = new InMemoryPresenceStore();
  private final PresenceService presence =
      new PresenceService(
          store,
          new SubscribedAudience(new InMemoryPresenceWatchers()),
          new InMemoryPushRouter(new RecordingLocalDelivery()),
          Runnable::run,
          3);

  @Test
  void choosingAStatusOthersDoNotSeeYetIsAChange() {
    presence.connected(ALICE, ALICE_PHONE);

    assertThat(presence.choose(new ChoosePresenceCommand(ALICE, PresenceStatus.AWAY)))
        .isEqualTo(new PresenceOutcome.Changed(PresenceStatus.AWAY));
    assertThat(presence.choose(new ChoosePresenceCommand(ALICE, PresenceStatus.AWAY)))
        .isEqualTo(new PresenceOutcome.Unchanged());
    assertThat(store.statusOf(ALICE)).isEqualTo(PresenceStatus.AWAY);
  }

  @Test
  void watchingReturnsTheStatusOfEachWatchedUserOnceInTheOrderFirstNamed() {
    presence.connected(BOB, BOB_PHONE);

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
    presence.connected(BOB, BOB_PHONE);

    assertThat(presence.connected(ALICE, ALICE_PHONE)).isEmpty();
  }
}
