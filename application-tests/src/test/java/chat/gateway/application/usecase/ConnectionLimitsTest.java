package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Limits;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload.Error;
import chat.gateway.domain.protocol.ServerPayload.Pong;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);

  @Test
  void aFourthConnectionOfAUserEvictsTheOldest() {
    try (TestGateway gateway = TestGateway.start()) {
      TestClient watcher = gateway.login(alice);
      TestClient oldest = gateway.login(bob);
      List<TestClient> others = List.of(gateway.login(bob), gateway.login(bob));

      TestClient newest = gateway.login(bob);

      assertThat(oldest.awaitClose()).isEqualTo(CloseReason.REPLACED);
      List<ServerFrame> frames = oldest.frames();
      assertThat(oldest.transport().framesBeforeClose()).isEqualTo(frames.size());
      assertThat(frames.getLast().seq()).isZero();
      assertThat(frames.getLast().payload())
          .isInstanceOfSatisfying(
              Error.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WS_NOT_AUTHENTICATED));
      TestClient.eventually().until(() -> gateway.core.openSockets() == 4);
      assertThat(gateway.core.registry().connectionsOf(bob)).hasSize(3);
      for (TestClient survivor : List.of(others.get(0), others.get(1), newest)) {
        survivor.roundTrip();
        assertThat(survivor.isOpen()).isTrue();
      }
      assertThat(watcher.pushes(PresencePush.class))
          .containsExactly(new PresencePush(bob, PresenceStatus.ONLINE));
      assertThat(gateway.presence.statusOf(bob)).isEqualTo(PresenceStatus.ONLINE);
    }
  }

  @Test
  void noSocketIsAcceptedPastTheTotalCapUntilOneCloses() {
    try (TestGateway gateway =
        TestGateway.with().limits(limits -> limits.maxTotalConnections(2)).start()) {
      TestClient authenticated = gateway.login(alice);
      TestClient anonymous = gateway.open();

      assertThat(gateway.tryOpen(RecordingTransport.unbounded())).isEmpty();

      authenticated.disconnect();
      TestClient.eventually().until(() -> gateway.core.openSockets() == 1);
      assertThat(gateway.tryOpen(RecordingTransport.unbounded())).isPresent();
      assertThat(gateway.tryOpen(RecordingTransport.unbounded())).isEmpty();
      anonymous.disconnect();
      TestClient.eventually().until(() -> gateway.core.openSockets() == 1);
      assertThat(gateway.tryOpen(RecordingTransport.unbounded())).isPresent();
    }
  }

  /**
   * With the clock standing still the bucket never refills: of a burst of 5, the Auth and the
   * login's ping took 2 tokens, so 3 more frames pass and the rest get WS_RATE_LIMITED.
   */
  @Test
  void framesPastTheBurstAreAnsweredWithRateLimited() {
    try (TestGateway gateway = rateLimited()) {
      TestClient client = gateway.login(alice);

      List<Long> seqs = pings(client, 5);

      assertThat(client.awaitReply(seqs.get(4), Error.class).code())
          .isEqualTo(ErrorCode.WS_RATE_LIMITED);
      assertThat(client.awaitReply(seqs.get(3), Error.class).code())
          .isEqualTo(ErrorCode.WS_RATE_LIMITED);
      for (long seq : seqs.subList(0, 3)) {
        assertThat(client.awaitReply(seq, Pong.class)).isNotNull();
      }
      assertThat(client.isOpen()).isTrue();
    }
  }

  /** Each rejected frame takes a strike; with the 5 strikes gone the connection is closed. */
  @Test
  void aSustainedFloodClosesTheConnectionForPolicyViolation() {
    try (TestGateway gateway = rateLimited()) {
      TestClient client = gateway.login(alice);

      List<Long> seqs = pings(client, 20);

      assertThat(client.awaitClose()).isEqualTo(CloseReason.POLICY_VIOLATION);
      List<ServerFrame> afterLogin = client.frames().subList(2, client.frames().size());
      assertThat(afterLogin).hasSize(9);
      for (int i = 0; i < 3; i++) {
        assertThat(afterLogin.get(i)).isEqualTo(ServerFrame.reply(seqs.get(i), new Pong()));
      }
      for (int i = 3; i < 8; i++) {
        assertThat(afterLogin.get(i).seq()).isEqualTo(seqs.get(i));
        assertRateLimited(afterLogin.get(i));
      }
      assertThat(afterLogin.getLast().seq()).isZero();
      assertRateLimited(afterLogin.getLast());
      TestClient.eventually().until(() -> gateway.core.openSockets() == 0);
    }
  }

  private static void assertRateLimited(ServerFrame frame) {
    assertThat(frame.payload())
        .isInstanceOfSatisfying(
            Error.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WS_RATE_LIMITED));
  }

  private static List<Long> pings(TestClient client, int count) {
    return IntStream.range(0, count).mapToObj(i -> client.send(new ClientPayload.Ping())).toList();
  }

  private static TestGateway rateLimited() {
    return TestGateway.with()
        .clock(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")))
        .limits(limits -> limits.rateLimit(new Limits.RateLimit(1, 5)))
        .start();
  }
}
