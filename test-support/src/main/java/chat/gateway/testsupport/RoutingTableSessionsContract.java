package chat.gateway.testsupport;

import static chat.gateway.testsupport.Connections.randomConnection;
import static chat.gateway.testsupport.Instances.LONG_TTL;
import static chat.gateway.testsupport.Instances.SHORT_TTL;
import static chat.gateway.testsupport.Instances.awaitLapse;
import static chat.gateway.testsupport.Instances.randomInstance;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.InstanceLoad;
import chat.gateway.application.port.out.LiveSession;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.application.port.out.SessionPage;
import chat.gateway.application.port.out.UserSessions;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RoutingTable} promises an operator: the session info kept with each route, the
 * paged list of online users, and each instance's counts. Like {@link RoutingTableContract}, an
 * adapter's test only says how to get the view of an instance over one shared table.
 */
public abstract class RoutingTableSessionsContract {

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
  void sessionsOfListsEveryLiveSessionWithItsInfoOldestFirstInOneCall() {
    ConnectionId phone = randomConnection();
    ConnectionId laptop = randomConnection();
    SessionInfo phoneInfo =
        new SessionInfo("198.51.100.4:50123", "chat-ios/3.1", 1_700_000_000_001L);
    SessionInfo laptopInfo = new SessionInfo("[2001:db8::1]:443", "Mozilla/5.0 (X11)", 42L);
    a.attach(alice, phone, phoneInfo, CAP);
    b.attach(alice, laptop, laptopInfo, CAP);

    assertThat(a.sessionsOf(List.of(alice, bob)))
        .containsOnlyKeys(alice)
        .containsEntry(
            alice,
            List.of(
                new LiveSession(a.self(), phone, phoneInfo),
                new LiveSession(b.self(), laptop, laptopInfo)));
    assertThat(a.sessionsOf(List.of())).isEmpty();
  }

  @Test
  void theInfoAtItsBoundsComesBackAsItWasStored() {
    ConnectionId phone = randomConnection();
    SessionInfo widest =
        new SessionInfo(
            "a".repeat(SessionInfo.MAX_REMOTE_ADDRESS),
            "|".repeat(10) + "x".repeat(SessionInfo.MAX_USER_AGENT - 10),
            Long.MAX_VALUE);
    a.attach(alice, phone, widest, CAP);

    LiveSession listed = b.sessionsOf(List.of(alice)).get(alice).getFirst();

    assertThat(listed.info()).isEqualTo(widest);
    assertThat(listed.info().userAgent()).hasSize(SessionInfo.MAX_USER_AGENT);
  }

  @Test
  void attachingAgainKeepsTheFirstInfo() {
    ConnectionId phone = randomConnection();
    SessionInfo first = new SessionInfo("192.0.2.1:1", "first", 1L);
    a.attach(alice, phone, first, CAP);

    a.attach(alice, phone, new SessionInfo("192.0.2.1:2", "second", 2L), CAP);

    assertThat(a.sessionsOf(List.of(alice)).get(alice))
        .containsExactly(new LiveSession(a.self(), phone, first));
  }

  @Test
  void aDetachedOrEvictedSessionIsListedNoMoreAndItsInfoIsGone() {
    ConnectionId phone = randomConnection();
    ConnectionId laptop = randomConnection();
    a.attach(alice, phone, new SessionInfo("192.0.2.1:1", "old", 1L), CAP);
    a.attach(alice, laptop, new SessionInfo("192.0.2.1:2", "laptop", 2L), CAP);
    a.detach(alice, laptop);
    ConnectionId newest = randomConnection();
    SessionInfo newestInfo = new SessionInfo("192.0.2.1:3", "newest", 3L);

    b.attach(alice, newest, newestInfo, 1);

    assertThat(a.sessionsOf(List.of(alice)).get(alice))
        .containsExactly(new LiveSession(b.self(), newest, newestInfo));
    // Attached again, the evicted connection shows its new info, not a leftover of the old.
    SessionInfo again = new SessionInfo("192.0.2.1:4", "again", 4L);
    a.attach(alice, phone, again, CAP);
    assertThat(a.sessionsOf(List.of(alice)).get(alice))
        .contains(new LiveSession(a.self(), phone, again));
    b.detach(alice, newest);
    a.detach(alice, phone);
    assertThat(a.sessionsOf(List.of(alice))).doesNotContainKey(alice);
    assertThat(everyoneOnline(a, 50)).extracting(UserSessions::user).doesNotContain(alice);
  }

  @Test
  void sessionsOfALapsedInstanceAreNotListedNorCounted() {
    RoutingTable dying = routingTable(randomInstance());
    dying.heartbeat(SHORT_TTL);
    dying.attach(alice, randomConnection(), Connections.aSession(), CAP);
    dying.attach(bob, randomConnection(), Connections.aSession(), CAP);
    ConnectionId survivor = randomConnection();
    SessionInfo info = Connections.aSession();
    a.attach(alice, survivor, info, CAP);

    awaitLapse(a, dying.self());

    assertThat(a.sessionsOf(List.of(alice, bob)))
        .containsOnlyKeys(alice)
        .containsEntry(alice, List.of(new LiveSession(a.self(), survivor, info)));
    List<UserSessions> online = everyoneOnline(a, 2);
    assertThat(online).extracting(UserSessions::user).contains(alice).doesNotContain(bob);
    assertThat(a.loads()).extracting(InstanceLoad::instance).doesNotContain(dying.self());
    a.expireLapsed();
    assertThat(a.sessionsOf(List.of(alice)).get(alice)).hasSize(1);
  }

  @Test
  void pagesOfOnlineUsersListEachOfThemOnceWithTheirSessions() {
    List<UserId> ours = IntStream.range(0, 7).mapToObj(i -> randomUser()).toList();
    for (int i = 0; i < ours.size(); i++) {
      (i % 2 == 0 ? a : b).attach(ours.get(i), randomConnection(), Connections.aSession(), CAP);
    }
    a.attach(ours.getFirst(), randomConnection(), Connections.aSession(), CAP);
    UserId gone = randomUser();
    ConnectionId goneConnection = randomConnection();
    a.attach(gone, goneConnection, Connections.aSession(), CAP);
    a.detach(gone, goneConnection);

    List<UserSessions> listed = everyoneOnline(b, 3);

    List<UserId> users = listed.stream().map(UserSessions::user).toList();
    assertThat(users).doesNotHaveDuplicates().containsAll(ours).doesNotContain(gone);
    for (UserSessions user : listed) {
      if (ours.contains(user.user())) {
        assertThat(user.sessions()).isEqualTo(a.sessionsOf(List.of(user.user())).get(user.user()));
      }
    }
    assertThat(listed.stream().filter(u -> u.user().equals(ours.getFirst())).findFirst())
        .hasValueSatisfying(u -> assertThat(u.sessions()).hasSize(2));
  }

  @Test
  void aCursorNoPageGaveIsRefused() {
    assertThatThrownBy(() -> a.online("not-a-cursor", 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.online("", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachLiveInstanceCountsItsConnectionsAndTheirUsers() {
    RoutingTable fresh = live(randomInstance());
    ConnectionId bobPhone = randomConnection();
    fresh.attach(alice, randomConnection(), Connections.aSession(), CAP);
    fresh.attach(alice, randomConnection(), Connections.aSession(), CAP);
    fresh.attach(bob, bobPhone, Connections.aSession(), CAP);
    RoutingTable empty = live(randomInstance());

    assertThat(a.loads())
        .contains(new InstanceLoad(fresh.self(), 3, 2), new InstanceLoad(empty.self(), 0, 0));

    fresh.detach(bob, bobPhone);
    b.attach(alice, randomConnection(), Connections.aSession(), 2);
    assertThat(a.loads()).contains(new InstanceLoad(fresh.self(), 1, 1));

    fresh.leave();
    assertThat(a.loads()).extracting(InstanceLoad::instance).doesNotContain(fresh.self());
    assertThat(a.loads()).extracting(InstanceLoad::instance).contains(a.self(), b.self());
  }

  /** Pages through every online user, checking each page's size. */
  private static List<UserSessions> everyoneOnline(RoutingTable view, int limit) {
    List<UserSessions> all = new ArrayList<>();
    String cursor = "";
    do {
      SessionPage page = view.online(cursor, limit);
      assertThat(page.users()).hasSizeLessThanOrEqualTo(limit);
      all.addAll(page.users());
      cursor = page.next();
    } while (!cursor.isEmpty());
    return all;
  }

  private RoutingTable live(InstanceId instance) {
    RoutingTable view = routingTable(instance);
    view.heartbeat(LONG_TTL);
    return view;
  }
}
