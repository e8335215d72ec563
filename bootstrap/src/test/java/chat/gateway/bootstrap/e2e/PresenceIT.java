package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence in the default audience ({@code all}): every online user hears every change, and a new
 * connection gets a snapshot of everyone online. Each test waits for the gateway to be empty
 * afterwards, so the next one sees only its own users.
 */
class PresenceIT {

  static final Duration QUIET = Duration.ofMillis(200);
  private static final AtomicLong USERS = new AtomicLong(30_000);

  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFixture.start();
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
  void anOnlineUserHearsANewUserComeOnlineWithSeqZero() {
    long alice = newUser();
    long bob = newUser();
    try (TestClient a = gateway.login(alice)) {
      a.roundTrip();
      try (TestClient b = gateway.login(bob)) {
        ServerFrame push = a.await(presenceOf(bob), "PresencePush of " + bob);
        assertThat(push.seq()).isZero();
        assertThat(push.payload())
            .isEqualTo(new PresencePush(UserId.of(bob), PresenceStatus.ONLINE));
        b.roundTrip();
      }
    }
  }

  @Test
  void aNewConnectionGetsASnapshotOfEveryoneOnlineButItself() {
    long alice = newUser();
    long carol = newUser();
    long bob = newUser();
    try (TestClient a = gateway.login(alice);
        TestClient c = gateway.login(carol)) {
      c.send(new ClientPayload.Presence("away"));
      a.await(presenceOf(carol, PresenceStatus.AWAY), "carol away");

      try (TestClient b = gateway.login(bob)) {
        for (PresencePush expected :
            List.of(
                new PresencePush(UserId.of(alice), PresenceStatus.ONLINE),
                new PresencePush(UserId.of(carol), PresenceStatus.AWAY))) {
          ServerFrame push = b.await(f -> f.payload().equals(expected), "snapshot " + expected);
          assertThat(push.seq()).isZero();
        }
        // Nothing else: not itself, no one twice.
        assertNoneArrives(b, f -> f.type() == FrameType.PRESENCE_PUSH);
      }
    }
  }

  @Test
  void aChosenStatusIsBroadcastToTheOthers() {
    long alice = newUser();
    long bob = newUser();
    try (TestClient a = gateway.login(alice);
        TestClient b = gateway.login(bob)) {
      a.await(presenceOf(bob, PresenceStatus.ONLINE), "bob online");

      b.send(new ClientPayload.Presence("away"));
      ServerFrame away = a.await(presenceOf(bob, PresenceStatus.AWAY), "bob away");
      assertThat(away.seq()).isZero();

      b.send(new ClientPayload.Presence("online"));
      assertThat(a.await(presenceOf(bob, PresenceStatus.ONLINE), "bob online again").seq())
          .isZero();

      // The chooser does not hear itself.
      assertNoneArrives(b, presenceOf(bob));
    }
  }

  @Test
  void aSecondDeviceDoesNotRebroadcastAndOnlyTheLastDeviceLeavingBroadcastsOffline() {
    long alice = newUser();
    long bob = newUser();
    try (TestClient a = gateway.login(alice)) {
      TestClient b1 = gateway.login(bob);
      try {
        a.await(presenceOf(bob, PresenceStatus.ONLINE), "bob online");

        try (TestClient b2 = gateway.login(bob)) {
          b2.roundTrip();
          assertNoneArrives(a, presenceOf(bob));

          b1.close();
          await()
              .atMost(Duration.ofSeconds(5))
              .until(() -> gateway.gateway().openConnections() == 2);
          assertNoneArrives(a, presenceOf(bob));
        }

        ServerFrame offline = a.await(presenceOf(bob, PresenceStatus.OFFLINE), "bob offline");
        assertThat(offline.seq()).isZero();
      } finally {
        b1.close();
      }
    }
  }

  @Test
  void anInvalidStatusGetsInvalidPayloadWithItsSeqAndIsNotBroadcast() {
    long alice = newUser();
    long bob = newUser();
    try (TestClient a = gateway.login(alice);
        TestClient b = gateway.login(bob)) {
      a.await(presenceOf(bob, PresenceStatus.ONLINE), "bob online");

      long seq = b.send(new ClientPayload.Presence("busy"));
      ServerFrame error = b.await(FrameType.ERROR);
      assertThat(error.seq()).isEqualTo(seq);
      assertThat(((ServerPayload.Error) error.payload()).code())
          .isEqualTo(ErrorCode.WS_INVALID_PAYLOAD);

      b.roundTrip();
      assertNoneArrives(a, presenceOf(bob));
    }
  }

  /**
   * Asserts that no matching frame arrives: first a round trip (everything the gateway queued for
   * the client before has then arrived), then a short quiet period for anything sent later.
   */
  static void assertNoneArrives(TestClient client, Predicate<ServerFrame> match) {
    client.roundTrip();
    client.expectNone(match, QUIET);
  }

  static Predicate<ServerFrame> presenceOf(long user) {
    return frame ->
        frame.payload() instanceof PresencePush push && push.userId().equals(UserId.of(user));
  }

  static Predicate<ServerFrame> presenceOf(long user, PresenceStatus status) {
    return frame ->
        frame.payload() instanceof PresencePush push
            && push.userId().equals(UserId.of(user))
            && push.status() == status;
  }
}
