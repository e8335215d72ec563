package chat.gateway.testsupport;

import static chat.gateway.testsupport.Connections.aSession;
import static chat.gateway.testsupport.Connections.randomConnection;
import static chat.gateway.testsupport.Instances.LONG_TTL;
import static chat.gateway.testsupport.Instances.SHORT_TTL;
import static chat.gateway.testsupport.Instances.awaitLapse;
import static chat.gateway.testsupport.Instances.randomInstance;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.Route;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RoutingTable} promises in its Javadoc, for several instances sharing one table.
 * An adapter's test extends this class and only says how to get the view of an instance: every call
 * of one test class sees the same backing state. Tests never clear it: each uses users and
 * instances of its own, so answers may hold other tests' entries and are checked on ours only.
 */
public abstract class RoutingTableContract {

  private static final int CAP = 3;

  private final UserId alice = randomUser();
  private final UserId bob = randomUser();
  private RoutingTable a;
  private RoutingTable b;

  /** The view of {@code instance} over the table this test class shares. */
  protected abstract RoutingTable routingTable(InstanceId instance);

  @BeforeEach
  void twoLiveInstances() {
    a = live(randomInstance());
    b = live(randomInstance());
  }

  @Test
  void anAttachedConnectionIsAttachedUntilDetached() {
    ConnectionId phone = randomConnection();

    assertThat(a.attach(alice, phone, aSession(), CAP)).isEmpty();
    assertThat(a.attached(alice, phone)).isTrue();
    assertThat(a.detach(alice, phone)).isTrue();
    assertThat(a.attached(alice, phone)).isFalse();
    assertThat(a.detach(alice, phone)).isFalse();
    assertThat(a.instancesOf(List.of(alice))).doesNotContainKey(alice);
  }

  @Test
  void attachingAgainChangesNothing() {
    ConnectionId phone = randomConnection();
    a.attach(alice, phone, aSession(), CAP);

    assertThat(a.attach(alice, phone, aSession(), CAP)).isEmpty();
    assertThat(a.attach(alice, phone, aSession(), 1)).isEmpty();
    assertThat(a.attached(alice, phone)).isTrue();
    assertThat(a.instancesOf(List.of(alice))).containsEntry(alice, Set.of(a.self()));
  }

  @Test
  void aConnectionNeverAttachedIsNotAttached() {
    assertThat(a.attached(alice, randomConnection())).isFalse();
    assertThat(a.detach(alice, randomConnection())).isFalse();
  }

  @Test
  void theUsersFourthConnectionOnAnotherInstanceDetachesTheOldestOne() {
    ConnectionId first = randomConnection();
    ConnectionId second = randomConnection();
    ConnectionId third = randomConnection();
    ConnectionId fourth = randomConnection();
    long before = System.currentTimeMillis();
    a.attach(alice, first, aSession(), CAP);
    a.attach(alice, second, aSession(), CAP);
    a.attach(alice, third, aSession(), CAP);

    List<Route> evicted = b.attach(alice, fourth, aSession(), CAP);

    assertThat(evicted).extracting(Route::instance).containsExactly(a.self());
    assertThat(evicted).extracting(Route::connection).containsExactly(first);
    assertThat(evicted.getFirst().attachedAtMillis())
        .isBetween(before - 1_000, System.currentTimeMillis() + 1_000);
    assertThat(a.attached(alice, first)).isFalse();
    assertThat(a.detach(alice, first)).isFalse();
    assertThat(a.attached(alice, second)).isTrue();
    assertThat(b.attached(alice, fourth)).isTrue();
    assertThat(a.instancesOf(List.of(alice))).containsEntry(alice, Set.of(a.self(), b.self()));
  }

  @Test
  void evictionsComeOldestFirstWhereverTheyAre() {
    ConnectionId first = randomConnection();
    ConnectionId second = randomConnection();
    ConnectionId third = randomConnection();
    ConnectionId newest = randomConnection();
    a.attach(alice, first, aSession(), CAP);
    b.attach(alice, second, aSession(), CAP);
    a.attach(alice, third, aSession(), CAP);

    List<Route> evicted = b.attach(alice, newest, aSession(), 1);

    assertThat(evicted).extracting(Route::connection).containsExactly(first, second, third);
    assertThat(evicted).extracting(Route::instance).containsExactly(a.self(), b.self(), a.self());
    assertThat(evicted).extracting(Route::attachedAtMillis).isSortedAccordingTo(Long::compare);
    assertThat(b.instancesOf(List.of(alice))).containsEntry(alice, Set.of(b.self()));
  }

  @Test
  void instancesOfAnswersManyUsersInOneCall() {
    List<UserId> many = IntStream.range(0, 200).mapToObj(i -> randomUser()).toList();
    for (int i = 0; i < many.size(); i++) {
      (i % 2 == 0 ? a : b).attach(many.get(i), randomConnection(), aSession(), CAP);
    }
    a.attach(alice, randomConnection(), aSession(), CAP);
    b.attach(alice, randomConnection(), aSession(), CAP);
    List<UserId> asked = new ArrayList<>(many);
    asked.add(alice);
    asked.add(bob);

    Map<UserId, Set<InstanceId>> instances = b.instancesOf(asked);

    for (int i = 0; i < many.size(); i++) {
      assertThat(instances).containsEntry(many.get(i), Set.of((i % 2 == 0 ? a : b).self()));
    }
    assertThat(instances).containsEntry(alice, Set.of(a.self(), b.self()));
    assertThat(instances).doesNotContainKey(bob).hasSize(many.size() + 1);
    assertThat(b.instancesOf(List.of())).isEmpty();
  }

  @Test
  void anInstanceIsLiveOnceItBeat() {
    RoutingTable fresh = routingTable(randomInstance());

    assertThat(a.liveInstances()).contains(a.self(), b.self()).doesNotContain(fresh.self());
    assertThat(fresh.heartbeat(LONG_TTL)).as("the first beat").isTrue();
    assertThat(fresh.heartbeat(LONG_TTL)).as("a beat while live").isFalse();
    assertThat(a.liveInstances()).contains(fresh.self());
  }

  @Test
  void anInstanceThatIsNotLiveCannotAttach() {
    RoutingTable silent = routingTable(randomInstance());

    assertThatThrownBy(() -> silent.attach(alice, randomConnection(), aSession(), CAP))
        .isInstanceOf(ClusterStateUnavailableException.class)
        .hasMessageContaining(silent.self().value());
    assertThat(a.instancesOf(List.of(alice))).doesNotContainKey(alice);
  }

  @Test
  void theRoutesOfAnInstanceThatStoppedBeatingAreIgnoredAtOnceThenExpiredOnce() {
    RoutingTable dying = routingTable(randomInstance());
    RoutingTable third = live(randomInstance());
    ConnectionId doomed = randomConnection();
    ConnectionId survivor = randomConnection();
    dying.heartbeat(SHORT_TTL);
    dying.attach(alice, doomed, aSession(), CAP);
    a.attach(alice, survivor, aSession(), CAP);
    dying.attach(bob, randomConnection(), aSession(), CAP);

    awaitLapse(a, dying.self());

    assertThat(a.instancesOf(List.of(alice, bob)))
        .containsEntry(alice, Set.of(a.self()))
        .doesNotContainKey(bob);
    assertThat(dying.attached(alice, doomed)).isFalse();
    assertThat(a.attached(alice, survivor)).isTrue();

    List<Set<InstanceId>> expired =
        Concurrently.run(2, i -> () -> (i == 0 ? a : third).expireLapsed());

    assertThat(expired.stream().filter(set -> set.contains(dying.self())))
        .as("callers that were given the lapsed instance")
        .hasSize(1);
    assertThat(expired).allSatisfy(set -> assertThat(set).doesNotContain(a.self(), b.self()));
    assertThat(a.expireLapsed()).doesNotContain(dying.self());

    // Beating again does not bring the removed routes back.
    assertThat(dying.heartbeat(LONG_TTL)).isTrue();
    assertThat(dying.attached(alice, doomed)).isFalse();
    assertThat(dying.detach(alice, doomed)).isFalse();
    assertThat(a.instancesOf(List.of(alice, bob)))
        .containsEntry(alice, Set.of(a.self()))
        .doesNotContainKey(bob);
  }

  @Test
  void theRoutesOfALapsedInstanceDoNotCountTowardsTheCap() {
    RoutingTable dying = routingTable(randomInstance());
    dying.heartbeat(SHORT_TTL);
    for (int i = 0; i < CAP; i++) {
      dying.attach(alice, randomConnection(), aSession(), CAP);
    }
    awaitLapse(a, dying.self());

    assertThat(a.attach(alice, randomConnection(), aSession(), CAP)).isEmpty();
    assertThat(b.attach(alice, randomConnection(), aSession(), CAP)).isEmpty();
    assertThat(a.instancesOf(List.of(alice))).containsEntry(alice, Set.of(a.self(), b.self()));
  }

  @Test
  void anInstanceThatLeavesTakesItsRoutesWithIt() {
    RoutingTable leaving = live(randomInstance());
    ConnectionId phone = randomConnection();
    leaving.attach(alice, phone, aSession(), CAP);
    b.attach(alice, randomConnection(), aSession(), CAP);

    leaving.leave();

    assertThat(a.liveInstances()).doesNotContain(leaving.self()).contains(a.self(), b.self());
    assertThat(a.instancesOf(List.of(alice))).containsEntry(alice, Set.of(b.self()));
    assertThat(leaving.attached(alice, phone)).isFalse();
    assertThat(a.expireLapsed()).doesNotContain(leaving.self());
    assertThat(leaving.heartbeat(LONG_TTL)).isTrue();
    assertThat(leaving.attached(alice, phone)).isFalse();
  }

  /**
   * Eight threads on four instances attach connections of one user at once. Whatever the
   * interleaving, the cap holds: three stay attached, and every other connection is returned as
   * evicted exactly once.
   */
  @Test
  void theCapHoldsUnderConcurrentAttachesAcrossInstances() {
    List<RoutingTable> views = List.of(a, b, live(randomInstance()), live(randomInstance()));
    int threads = 8;
    int perThread = 25;

    List<List<Attached>> results =
        Concurrently.run(
            threads,
            i ->
                () -> {
                  RoutingTable view = views.get(i % views.size());
                  List<Attached> mine = new ArrayList<>();
                  for (int n = 0; n < perThread; n++) {
                    ConnectionId connection = randomConnection();
                    mine.add(
                        new Attached(
                            view, connection, view.attach(alice, connection, aSession(), CAP)));
                  }
                  return mine;
                });

    List<Attached> all = results.stream().flatMap(List::stream).toList();
    List<ConnectionId> evicted =
        all.stream().flatMap(x -> x.evicted().stream()).map(Route::connection).toList();
    assertThat(evicted).doesNotHaveDuplicates().hasSize(threads * perThread - CAP);
    Set<ConnectionId> remaining = new HashSet<>();
    for (Attached x : all) {
      if (x.view().attached(alice, x.connection())) {
        remaining.add(x.connection());
      }
    }
    assertThat(remaining).hasSize(CAP).doesNotContainAnyElementsOf(evicted);
  }

  private RoutingTable live(InstanceId instance) {
    RoutingTable view = routingTable(instance);
    view.heartbeat(LONG_TTL);
    return view;
  }

  private record Attached(RoutingTable view, ConnectionId connection, List<Route> evicted) {}
}
