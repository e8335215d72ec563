package chat.gateway.testsupport;

import static chat.gateway.testsupport.Connections.randomConnection;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PresenceWatchers} promises in its Javadoc. An adapter's test extends this class
 * and only says how to build it. Tests never clear it: each uses users and connections of its own.
 */
public abstract class PresenceWatchersContract {

  private final UserId alice = randomUser();
  private final UserId bob = randomUser();
  private final UserId carol = randomUser();
  private final UserId dave = randomUser();
  private final ConnectionId alicePhone = randomConnection();
  private final ConnectionId aliceLaptop = randomConnection();
  private final ConnectionId bobPhone = randomConnection();
  private PresenceWatchers watchers;

  /** The index to test; it may hold watch lists of other tests. */
  protected abstract PresenceWatchers newWatchers();

  @BeforeEach
  void createWatchers() {
    watchers = newWatchers();
  }

  @Test
  void nobodyWatchesAUserAtFirst() {
    assertThat(watchers.watchersOf(carol)).isEmpty();
  }

  @Test
  void aWatchListMakesItsOwnerAWatcherOfEachSubject() {
    watchers.replace(alicePhone, alice, Set.of(carol, dave));
    watchers.replace(bobPhone, bob, Set.of(carol));

    assertThat(watchers.watchersOf(carol)).containsExactlyInAnyOrder(alice, bob);
    assertThat(watchers.watchersOf(dave)).containsExactly(alice);
    assertThat(watchers.watchersOf(alice)).isEmpty();
  }

  @Test
  void replacingAListDropsTheSubjectsItNoLongerNames() {
    watchers.replace(alicePhone, alice, Set.of(carol, dave));

    watchers.replace(alicePhone, alice, Set.of(dave, bob));

    assertThat(watchers.watchersOf(carol)).isEmpty();
    assertThat(watchers.watchersOf(dave)).containsExactly(alice);
    assertThat(watchers.watchersOf(bob)).containsExactly(alice);
  }

  @Test
  void anEmptyListWatchesNobody() {
    watchers.replace(alicePhone, alice, Set.of(carol));

    watchers.replace(alicePhone, alice, Set.of());

    assertThat(watchers.watchersOf(carol)).isEmpty();
  }

  @Test
  void aWatcherStaysWhileAnyOfItsConnectionsWatches() {
    watchers.replace(alicePhone, alice, Set.of(carol));
    watchers.replace(aliceLaptop, alice, Set.of(carol, dave));

    assertThat(watchers.watchersOf(carol)).containsExactly(alice);
    watchers.remove(aliceLaptop);
    assertThat(watchers.watchersOf(carol)).containsExactly(alice);
    assertThat(watchers.watchersOf(dave)).isEmpty();
    watchers.remove(alicePhone);
    assertThat(watchers.watchersOf(carol)).isEmpty();
  }

  @Test
  void removingAConnectionWithoutAListDoesNothing() {
    watchers.replace(alicePhone, alice, Set.of(carol));

    watchers.remove(randomConnection());
    watchers.remove(alicePhone);
    watchers.remove(alicePhone);

    assertThat(watchers.watchersOf(carol)).isEmpty();
  }

  @Test
  void listsReplacedFromManyThreadsEachCount() {
    List<UserId> fans = IntStream.range(0, 8).mapToObj(i -> randomUser()).toList();

    Concurrently.run(
        fans.size(),
        i ->
            () -> {
              for (int round = 0; round < 100; round++) {
                watchers.replace(connection(i), fans.get(i), Set.of(carol, dave));
              }
              return null;
            });

    assertThat(watchers.watchersOf(carol)).containsExactlyInAnyOrderElementsOf(fans);
    assertThat(watchers.watchersOf(dave)).containsExactlyInAnyOrderElementsOf(fans);
  }

  private ConnectionId connection(int index) {
    return new ConnectionId(alicePhone.value() + "-" + index);
  }
}
