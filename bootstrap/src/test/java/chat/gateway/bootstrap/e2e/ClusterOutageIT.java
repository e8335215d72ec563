package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.testsupport.kafka.KafkaBroker;
import chat.gateway.testsupport.redis.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway processes in cluster mode while the shared Redis is restarted empty, and while the
 * Kafka broker is restarted, with client-library traffic between users on different instances
 * throughout: the gateways keep serving what they can, refuse what they cannot with clear errors,
 * recover by themselves once the engine is back, and lose nothing they acked.
 */
class ClusterOutageIT {

  private static final AtomicLong USERS = new AtomicLong(500);
  private static final Duration PACE = Duration.ofMillis(25);
  private static final Duration RECOVERY = Duration.ofSeconds(30);

  @TempDir static Path dir;
  private static ClusterFixture cluster;

  @BeforeAll
  static void start() {
    cluster = ClusterFixture.start(dir, 2, Map.of());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void redisRestartedEmptyUnderTrafficRefusesLoginsMeanwhileThenRecoversAndLosesNothing()
      throws Exception {
    RedisServer redis = RedisServer.shared();
    assumeTrue(redis.canRestart(), "the test Redis is an existing server: it cannot be restarted");
    long alice = USERS.addAndGet(10);
    long bob = alice + 1;
    List<MessageId> duringTheOutage = new ArrayList<>();
    try (TestClient a = cluster.login(0, alice);
        TestClient b = cluster.login(1, bob);
        ClusterTraffic traffic = traffic()) {
      traffic.startSending(PACE);
      traffic.awaitAcked(Duration.ofSeconds(20));

      redis.stop();
      try {
        await()
            .atMost(Duration.ofSeconds(10))
            .alias("/readyz of both instances 503 while Redis is down")
            .until(
                () -> cluster.status(0, "/readyz") == 503 && cluster.status(1, "/readyz") == 503);
        // It says which service is down.
        assertThat(cluster.body(0, "/readyz")).isEqualTo("Redis unreachable\n");
        assertLoginRefusedForNow(0, USERS.incrementAndGet());
        assertLoginRefusedForNow(1, USERS.incrementAndGet());
        // Messages are stored in PostgreSQL: chats are still acked.
        duringTheOutage.add(ClusterIT.ack(a, a.send(chat(bob, "during"))).messageId());
      } finally {
        redis.start();
      }

      await()
          .atMost(RECOVERY)
          .alias("/readyz of both instances 200 again")
          .until(() -> cluster.status(0, "/readyz") == 200 && cluster.status(1, "/readyz") == 200);
      // The routes came back by themselves (the instances re-attached their connections): a chat
      // from alice on gw-1 reaches bob's connection on gw-2, opened before the outage.
      awaitChatCrosses(a, b, bob);
      // Presence too: a login on gw-1 is told that bob, on gw-2, is online.
      try (TestClient late = cluster.login(0, USERS.incrementAndGet())) {
        ClusterIT.presence(late, bob, PresenceStatus.ONLINE);
      }

      traffic.stopSending();
      int bySyncOnly = traffic.assertEveryMessageAckedStoredOnceAndShownOnce(cluster);
      System.out.println("Redis outage: messages got by sync only: " + bySyncOnly);
      assertThat(cluster.storedMessages(alice, bob))
          .containsAll(duringTheOutage.stream().map(MessageId::value).toList());
    }
  }

  @Test
  void kafkaRestartedUnderTrafficKeepsServingThenRecoversAndLosesNothing() throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    assumeTrue(kafka.canRestart(), "the test Kafka is an existing broker: it cannot be restarted");
    long alice = USERS.addAndGet(10);
    long bob = alice + 1;
    List<MessageId> duringTheOutage = new ArrayList<>();
    try (TestClient a = cluster.login(0, alice);
        TestClient b = cluster.login(1, bob);
        ClusterTraffic traffic = traffic()) {
      traffic.startSending(PACE);
      traffic.awaitAcked(Duration.ofSeconds(20));

      kafka.stop();
      try {
        // Kafka only carries pushes between instances: the gateways stay ready, take logins and
        // store chats; pushes to the other instance wait for the receivers' sync.
        assertThat(cluster.status(0, "/readyz")).isEqualTo(200);
        assertThat(cluster.status(1, "/readyz")).isEqualTo(200);
        // Ready, and saying what is down (within the readiness check's one-second cache).
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> cluster.body(1, "/readyz").equals("ready; Kafka unreachable\n"));
        try (TestClient meanwhile = cluster.login(1, USERS.incrementAndGet())) {
          meanwhile.roundTrip();
        }
        duringTheOutage.add(ClusterIT.ack(a, a.send(chat(bob, "during"))).messageId());
      } finally {
        kafka.start();
      }

      awaitChatCrosses(a, b, bob);
      traffic.stopSending();
      int bySyncOnly = traffic.assertEveryMessageAckedStoredOnceAndShownOnce(cluster);
      System.out.println("Kafka outage: messages got by sync only: " + bySyncOnly);
      assertThat(cluster.storedMessages(alice, bob))
          .containsAll(duringTheOutage.stream().map(MessageId::value).toList());
    }
  }

  /** Two pairs, each sender on one instance and its receiver on the other. */
  private static ClusterTraffic traffic() throws Exception {
    return new ClusterTraffic(
        List.of(cluster.uri(0), cluster.uri(1)), cluster::token, USERS.addAndGet(10), 2);
  }

  /** A valid token on instance {@code i}: Error WS_INTERNAL_ERROR for the Auth, then close 4000. */
  private static void assertLoginRefusedForNow(int i, long user) {
    try (TestClient client = TestClient.connect(cluster.uri(i))) {
      long seq = client.send(new ClientPayload.Auth(cluster.token(user)));
      ServerFrame reply = client.await(frame -> frame.seq() == seq, "the reply to the Auth");
      assertThat(reply.payload())
          .as("the reply to a login while Redis is down")
          .isInstanceOfSatisfying(
              ServerPayload.Error.class,
              error -> assertThat(error.code()).isEqualTo(ErrorCode.WS_INTERNAL_ERROR));
      assertThat(client.awaitClose()).as("try again later").isEqualTo(4000);
    }
  }

  /**
   * Sends chats from {@code from} to {@code user} (connected as {@code to} on another instance)
   * until one is pushed to {@code to} within a second, for at most {@link #RECOVERY}. (A push that
   * finds no route is not retried: its message waits in PostgreSQL for the recipient's sync.)
   */
  private static void awaitChatCrosses(TestClient from, TestClient to, long user) {
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    int attempt = 0;
    while (true) {
      attempt++;
      MessageId id = ClusterIT.ack(from, from.send(chat(user, "probe " + attempt))).messageId();
      long waitUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      while (System.nanoTime() < waitUntil) {
        if (to.frames().stream().anyMatch(ClusterIT.isPushOf(id))) {
          return;
        }
        sleep(Duration.ofMillis(20));
      }
      assertThat(System.nanoTime())
          .as("a chat crossed instances again within %s (%d attempts)", RECOVERY, attempt)
          .isLessThan(deadline);
    }
  }

  private static ClientPayload.Chat chat(long to, String content) {
    return ClusterIT.chat(to, content, content + "-" + System.nanoTime());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
