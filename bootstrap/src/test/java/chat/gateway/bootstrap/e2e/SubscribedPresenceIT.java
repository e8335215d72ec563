package chat.gateway.bootstrap.e2e;

import static chat.gateway.bootstrap.e2e.PresenceIT.assertNoneArrives;
import static chat.gateway.bootstrap.e2e.PresenceIT.presenceOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.application.session.GatewayCoreBuilder.AudienceMode;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence in the {@code subscribed} audience: no snapshot on connect; PresenceSub replaces the
 * connection's watch list, is answered with the watched users' statuses under its own seq, and
 * afterwards only their changes arrive.
 */
class SubscribedPresenceIT {

  private static final int MAX_WATCH = 5;
  private static final AtomicLong USERS = new AtomicLong(40_000);

  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway =
        GatewayFixture.start(
            config ->
                GatewayFixture.withLimits(
                    GatewayFixture.withAudience(config, AudienceMode.SUBSCRIBED),
                    l -> l.maxPresenceWatch(MAX_WATCH)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @AfterEach
  void everyoneLeft() {
    await().atMost(Duration.ofSeconds(5)).until(() -> gateway.gateway().openConnections() == 0);
  }

  private static long newUser() {
    return USERS.incrementAndGet();
  }

  @Test
  void aNewConnectionGetsNoSnapshotAndNobodyHearsItWithoutWatching() {
    long alice = newUser();
    long bob = newUser();
    try (TestClient b = gateway.login(bob);
        TestClient a = gateway.login(alice)) {
      assertNoneArrives(a, f -> f.type() == FrameType.PRESENCE_PUSH);
      assertNoneArrives(b, f -> f.type() == FrameType.PRESENCE_PUSH);
    }
  }

  @Test
  void aSubscriptionIsAnsweredWithTheCurrentStatusesThenOnlyWatchedChangesArrive() {
    long alice = newUser();
    long bob = newUser();
    long carol = newUser();
    long dave = newUser();
    try (TestClient b = gateway.login(bob);
        TestClient c = gateway.login(carol);
        TestClient d = gateway.login(dave);
        TestClient a = gateway.login(alice)) {
      c.send(new ClientPayload.Presence("away"));
      c.roundTrip();

      long sub = a.send(new ClientPayload.PresenceSub(List.of(bob, carol)));
      for (PresencePush expected :
          List.of(
              new PresencePush(UserId.of(bob), PresenceStatus.ONLINE),
              new PresencePush(UserId.of(carol), PresenceStatus.AWAY))) {
        ServerFrame answer = a.await(f -> f.payload().equals(expected), "answer " + expected);
        assertThat(answer.seq()).isEqualTo(sub);
      }
      assertNoneArrives(a, f -> f.type() == FrameType.PRESENCE_PUSH);

      b.send(new ClientPayload.Presence("away"));
      ServerFrame bobAway = a.await(presenceOf(bob, PresenceStatus.AWAY), "bob away");
      assertThat(bobAway.seq()).isZero();

      d.send(new ClientPayload.Presence("away"));
      d.roundTrip();
      assertNoneArrives(a, presenceOf(dave));
    }
  }

  @Test
  void aWatchedUserComingOnlineAndGoingOfflineIsHeard() {
    long alice = newUser();
    long erin = newUser();
    try (TestClient a = gateway.login(alice)) {
      long sub = a.send(new ClientPayload.PresenceSub(List.of(erin)));
      ServerFrame current = a.await(presenceOf(erin), "erin's current status");
      assertThat(current.seq()).isEqualTo(sub);
      assertThat(current.payload())
          .isEqualTo(new PresencePush(UserId.of(erin), PresenceStatus.OFFLINE));

      try (TestClient e = gateway.login(erin)) {
        ServerFrame online = a.await(presenceOf(erin, PresenceStatus.ONLINE), "erin online");
        assertThat(online.seq()).isZero();
        e.roundTrip();
      }
      ServerFrame offline = a.await(presenceOf(erin, PresenceStatus.OFFLINE), "erin offline");
      assertThat(offline.seq()).isZero();
    }
  }

  @Test
  void replacingTheListDropsTheUsersNoLongerInIt() {
    long alice = newUser();
    long bob = newUser();
    long carol = newUser();
    try (TestClient b = gateway.login(bob);
        TestClient c = gateway.login(carol);
        TestClient a = gateway.login(alice)) {
      long first = a.send(new ClientPayload.PresenceSub(List.of(bob, carol)));
      a.await(f -> f.seq() == first && presenceOf(bob).test(f), "bob's status");
      a.await(f -> f.seq() == first && presenceOf(carol).test(f), "carol's status");

      long second = a.send(new ClientPayload.PresenceSub(List.of(carol)));
      ServerFrame carolAgain = a.await(presenceOf(carol), "carol's status again");
      assertThat(carolAgain.seq()).isEqualTo(second);
      assertNoneArrives(a, presenceOf(bob));

      b.send(new ClientPayload.Presence("away"));
      c.send(new ClientPayload.Presence("away"));
      ServerFrame carolAway = a.await(presenceOf(carol, PresenceStatus.AWAY), "carol away");
      assertThat(carolAway.seq()).isZero();
      b.roundTrip();
      assertNoneArrives(a, presenceOf(bob));

      a.send(new ClientPayload.PresenceSub(List.of()));
      a.roundTrip(); // the empty list is in place
      c.send(new ClientPayload.Presence("online"));
      c.roundTrip();
      assertNoneArrives(a, f -> f.type() == FrameType.PRESENCE_PUSH);
    }
  }

  @Test
  void moreIdsThanTheWatchLimitGetInvalidPayloadWithTheSeq() {
    try (TestClient a = gateway.login(newUser())) {
      List<Long> tooMany = LongStream.rangeClosed(1, MAX_WATCH + 1).boxed().toList();
      long seq = a.send(new ClientPayload.PresenceSub(tooMany));
      ServerFrame error = a.await(FrameType.ERROR);
      assertThat(error.seq()).isEqualTo(seq);
      assertThat(((ServerPayload.Error) error.payload()).code())
          .isEqualTo(ErrorCode.WS_INVALID_PAYLOAD);
      assertNoneArrives(a, f -> f.type() == FrameType.PRESENCE_PUSH);

      List<Long> atLimit = LongStream.rangeClosed(1, MAX_WATCH).boxed().toList();
      long ok = a.send(new ClientPayload.PresenceSub(atLimit));
      for (long id : atLimit) {
        ServerFrame answer = a.await(presenceOf(id, PresenceStatus.OFFLINE), "status of " + id);
        assertThat(answer.seq()).isEqualTo(ok);
      }
    }
  }
}
