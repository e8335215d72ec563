package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.PresenceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway processes in cluster mode behind HAProxy (TCP, round robin, health checks on
 * /readyz), with clients of the client library sending through it; one instance dies under the
 * traffic, by {@code kill -9} or by SIGTERM. Its clients come back through HAProxy to the survivor,
 * its users turn offline for the survivor's watchers within the liveness TTL, and every acked
 * message is shown exactly once and stored once.
 */
class ClusterFailoverIT {

  private static final AtomicLong USERS = new AtomicLong(200);
  private static final int PAIRS = 3;
  private static final int STEPS = 200;
  private static final Duration PACE = Duration.ofMillis(15);

  /** Where in the traffic the instance goes: about a second in, two seconds before its end. */
  private static final int FAILURE_STEP = 60;

  /** The liveness TTL (2 s), plus a beat (ttl/3), plus a generous margin for a loaded machine. */
  private static final Duration OFFLINE_WITHIN = ClusterFixture.TTL.plusSeconds(6);

  @TempDir static Path dir;
  private static ClusterFixture cluster;
  private static Haproxy haproxy;

  @BeforeAll
  static void start() throws Exception {
    Haproxy.assumeInstalled();
    cluster = ClusterFixture.start(dir, 2, Map.of());
    haproxy = Haproxy.start(dir, cluster.backends());
  }

  @AfterAll
  static void stop() {
    if (haproxy != null) {
      haproxy.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Both instances run, and HAProxy sends clients to both. */
  @BeforeEach
  void bothInstancesUp() {
    for (int i = 0; i < cluster.size(); i++) {
      if (!cluster.process(i).isAlive()) {
        cluster.restart(i);
      }
    }
    cluster
        .backends()
        .keySet()
        .forEach(id -> haproxy.awaitStatus(id, "UP", Duration.ofSeconds(15)));
  }

  @Test
  void killNineOfAnInstanceUnderTrafficLosesNothingAckedAndItsUsersTurnOffline() throws Exception {
    long carol = USERS.addAndGet(10);
    long watcher = USERS.addAndGet(10);
    // The watcher first: a login is answered before it is registered and announced, so a watcher
    // logging in at the same moment could miss both carol's snapshot entry and her change.
    try (TestClient onTheSurvivor = cluster.login(1, watcher);
        TestClient onTheVictim = loginAfter(onTheSurvivor, 0, carol);
        ClusterTraffic traffic =
            new ClusterTraffic(haproxy.uri(), cluster::token, USERS.addAndGet(100), PAIRS)) {
      ClusterIT.presence(onTheSurvivor, carol, PresenceStatus.ONLINE);
      assertThat(haproxy.currentSessions())
          .as("HAProxy spread the clients over both instances")
          .allSatisfy((id, sessions) -> assertThat(sessions).isPositive());

      CompletableFuture<Duration> offline = new CompletableFuture<>();
      traffic.send(
          STEPS,
          PACE,
          step -> {
            if (step == FAILURE_STEP) {
              kill(0);
              long killed = System.nanoTime();
              CompletableFuture.runAsync(
                  () -> {
                    try {
                      ClusterIT.presence(onTheSurvivor, carol, PresenceStatus.OFFLINE);
                      offline.complete(ClusterIT.since(killed));
                    } catch (Throwable e) {
                      offline.completeExceptionally(e);
                    }
                  });
            }
          });

      assertThat(offline.get(30, TimeUnit.SECONDS))
          .as("carol, on the killed instance, offline for a watcher on the survivor")
          .isLessThan(OFFLINE_WITHIN);
      assertThat(onTheVictim.awaitClose()).as("cut without a close frame").isEqualTo(1006);
      haproxy.awaitStatus(cluster.id(0), "DOWN", Duration.ofSeconds(10));
      traffic.awaitAllConnected();
      assertThat(traffic.reconnected())
          .as("the clients on the killed instance reconnected")
          .isPositive();
      int bySyncOnly = traffic.assertEveryMessageAckedStoredOnceAndShownOnce(cluster);
      System.out.println("messages got by sync only: " + bySyncOnly);
      assertThat(haproxy.currentSessions())
          .as("every client on the survivor")
          .containsEntry(cluster.id(1), (long) traffic.clientCount());
    }
  }

  @Test
  void sigtermOfAnInstanceUnderTrafficMovesItsClientsWith1001AndLosesNothing() throws Exception {
    long carol = USERS.addAndGet(10);
    try (TestClient onTheLeaving = cluster.login(0, carol);
        ClusterTraffic traffic =
            new ClusterTraffic(haproxy.uri(), cluster::token, USERS.addAndGet(100), PAIRS)) {
      assertThat(haproxy.currentSessions())
          .as("HAProxy spread the clients over both instances")
          .allSatisfy((id, sessions) -> assertThat(sessions).isPositive());

      traffic.send(
          STEPS,
          PACE,
          step -> {
            if (step == FAILURE_STEP) {
              cluster.terminate(0);
            }
          });

      assertThat(onTheLeaving.awaitClose()).isEqualTo(1001);
      assertThat(cluster.process(0).awaitExit(Duration.ofSeconds(15)))
          .as("the instance exits on SIGTERM; its output: %s", cluster.process(0).output())
          .contains(143);
      traffic.awaitAllConnected();
      int bySyncOnly = traffic.assertEveryMessageAckedStoredOnceAndShownOnce(cluster);
      System.out.println("messages got by sync only: " + bySyncOnly);
      List<RecordingListener.Close> closes = traffic.closes();
      assertThat(closes)
          .as("the clients of the leaving instance were told 1001, and nobody lost a connection")
          .filteredOn(close -> !isRefusedAttempt(close))
          .isNotEmpty()
          .allSatisfy(close -> assertThat(close.code()).as("%s", close).isEqualTo(1001));
      // Until HAProxy's checks see the draining instance's /readyz answer 503 (within about two
      // check intervals), it may still send it a reconnecting client, which that instance refuses
      // with 503 at the upgrade; the client tries again, through HAProxy, to the survivor.
      assertThat(closes)
          .filteredOn(ClusterFailoverIT::isRefusedAttempt)
          .allSatisfy(close -> assertThat(close.reason()).contains("503"));
      assertThat(haproxy.currentSessions())
          .as("every client on the survivor")
          .containsEntry(cluster.id(1), (long) traffic.clientCount());
    }
  }

  /** A reconnect attempt that was refused, as opposed to an established connection that ended. */
  private static boolean isRefusedAttempt(RecordingListener.Close close) {
    return close.code() == 1006 && close.reason().startsWith("cannot connect");
  }

  /** Logs {@code user} in on instance {@code i} once {@code earlier} is surely registered. */
  private static TestClient loginAfter(TestClient earlier, int i, long user) {
    earlier.roundTrip();
    return cluster.login(i, user);
  }

  private static void kill(int instance) {
    try {
      cluster.kill(instance);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
