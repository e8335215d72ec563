package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A burst of presence fan-out (presence mode {@code all}, the default) cuts no client that reads:
 * each hears where every user ended up, and during a shutdown every client gets its 1001.
 */
class FanOutBurstIT {

  private static final int READERS = 50;
  private static final int LEAVERS = 200;

  @Test
  void aMassDisconnectClosesNoReaderAndEachHearsEveryoneLeave() throws Exception {
    try (GatewayFixture gw = GatewayFixture.start(GatewayFixture::withGenerousRateLimit)) {
      List<TestClient> readers = loginAll(gw, 8_001, READERS);
      List<TestClient> leavers = loginAll(gw, 8_501, LEAVERS);
      List<Long> leaverIds = LongStream.range(8_501, 8_501 + LEAVERS).boxed().toList();
      for (TestClient reader : readers) {
        reader.roundTrip();
      }

      closeAllAtOnce(leavers);

      for (TestClient reader : readers) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    lastStatuses(reader, leaverIds).values().stream()
                        .allMatch(status -> status == PresenceStatus.OFFLINE));
        assertThat(lastStatuses(reader, leaverIds)).hasSize(LEAVERS);
        assertThat(reader.isClosed()).as("a reader closed by the burst").isFalse();
        reader.roundTrip();
      }
      assertThat(gw.gateway().openConnections()).isEqualTo(READERS);
      readers.forEach(TestClient::close);
    }
  }

  @Test
  void aShutdownDuringABurstGivesEveryClientIts1001() throws Exception {
    GatewayFixture gw = GatewayFixture.start(GatewayFixture::withGenerousRateLimit);
    List<TestClient> stayers = loginAll(gw, 9_001, 100);
    List<TestClient> leavers = loginAll(gw, 9_501, 100);
    for (TestClient stayer : stayers) {
      stayer.roundTrip();
    }

    closeAllAtOnce(leavers);
    gw.close();

    List<Integer> codes = new ArrayList<>();
    for (TestClient stayer : stayers) {
      codes.add(stayer.awaitClose());
    }
    assertThat(codes).as("close codes of the clients that stayed").containsOnly(1001);
  }

  private static List<TestClient> loginAll(GatewayFixture gw, long firstUser, int count)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<TestClient>> logins = new ArrayList<>();
      for (long user = firstUser; user < firstUser + count; user++) {
        long id = user;
        logins.add(CompletableFuture.supplyAsync(() -> gw.login(id), pool));
      }
      List<TestClient> clients = new ArrayList<>();
      for (CompletableFuture<TestClient> login : logins) {
        clients.add(login.get(30, TimeUnit.SECONDS));
      }
      return clients;
    } finally {
      pool.shutdown();
    }
  }

  /** Closes every socket at once, from many threads. */
  private static void closeAllAtOnce(List<TestClient> clients) {
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try {
      clients.forEach(client -> pool.execute(client::abort));
    } finally {
      pool.shutdown();
    }
  }

  /** The last status {@code reader} heard for each of {@code users} it heard about. */
  private static Map<Long, PresenceStatus> lastStatuses(TestClient reader, List<Long> users) {
    Map<Long, PresenceStatus> last = new HashMap<>();
    for (ServerFrame frame : reader.frames()) {
      if (frame.payload() instanceof ServerPayload.PresencePush push
          && users.contains(push.userId().value())) {
        last.put(push.userId().value(), push.status());
      }
    }
    return last;
  }
}
