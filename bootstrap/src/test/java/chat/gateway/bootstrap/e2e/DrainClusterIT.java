package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.adapters.auth.JwtMinter;
import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.application.port.in.DrainProgress;
import chat.gateway.application.service.DrainPace;
import chat.gateway.bootstrap.Gateway;
import chat.gateway.client.GatewayClient;
import chat.gateway.client.ReconnectPolicy;
import chat.gateway.domain.UserId;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's drain, end to end: two gateways of one cluster (in this JVM, on the real test
 * PostgreSQL, Redis and Kafka) behind HAProxy (TCP, round robin, {@code /readyz} checks every 300
 * ms), clients of the client library spread over both, reconnecting after 100 ms (sooner than
 * HAProxy notices). Draining one through its admin API ({@code POST /admin/drain}, then {@code GET
 * /admin/drain} until drained, as docs/operations.md tells an operator) moves its clients to the
 * other: it ends with no connection, every client is connected again, and no client's listener ever
 * saw a 1006, only 1001s, one per client moved. Without the drain's delay before its first batch,
 * clients come back to the drained instance before HAProxy takes it out, get 503 and report 1006.
 */
class DrainClusterIT {

  private static final int CLIENTS = 16;
  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * Three connections every 300 ms, the first batch 1.5 s after the start: HAProxy takes two failed
   * checks 300 ms apart to stop sending to the drained instance.
   */
  private static final DrainPace PACE =
      new DrainPace(3, Duration.ofMillis(300), Duration.ofMillis(1500));

  @TempDir Path dir;
  private final InJvmCluster cluster =
      InJvmCluster.create(CLIENTS, config -> config.withServer(config.server().withDrain(PACE)));
  private final List<GatewayClient> clients = new ArrayList<>();
  private Haproxy haproxy;

  @AfterEach
  void stop() {
    clients.forEach(GatewayClient::close);
    if (haproxy != null) {
      haproxy.close();
    }
    cluster.close();
  }

  @Test
  void aDrainedInstanceEndsWithNoConnectionAndItsClientsMoveWithoutA1006() throws Exception {
    Haproxy.assumeInstalled();
    Gateway drained = cluster.start("drained");
    Gateway survivor = cluster.start("survivor");
    AdminHttp admin = new AdminHttp(drained.adminPort(), InJvmCluster.ADMIN_TOKEN);
    Map<String, Integer> backends = new LinkedHashMap<>();
    backends.put("drained", drained.port());
    backends.put("survivor", survivor.port());
    haproxy = Haproxy.start(dir, backends);
    List<RecordingListener> listeners = new ArrayList<>();
    JwtMinter minter = new JwtMinter(JwtSettings.sharedSecret(GatewayFixture.SECRET));
    for (long user = 1; user <= CLIENTS; user++) {
      UserId id = UserId.of(user);
      RecordingListener listener = new RecordingListener();
      GatewayClient client =
          GatewayClient.builder(haproxy.uri())
              .token(() -> minter.mint(id, Duration.ofHours(1)))
              .listener(listener)
              // Quicker than HAProxy notices a drain: only the drain's delay keeps them away.
              .reconnectPolicy(
                  ReconnectPolicy.defaults()
                      .withDelays(Duration.ofMillis(100), Duration.ofSeconds(2)))
              .build();
      listeners.add(listener);
      clients.add(client);
      client.connect().get(10, TimeUnit.SECONDS);
    }
    int onDrained = drained.openConnections();
    assertThat(onDrained).as("HAProxy sent clients to both").isBetween(1, CLIENTS - 1);

    // As an operator drains: POST /admin/drain, then GET /admin/drain until drained.
    HttpResponse<String> started = admin.post("/admin/drain", "");

    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    assertThat(AdminHttp.json(started).get("state").asText()).isEqualTo("draining");
    assertThat(AdminHttp.json(started).get("connections_at_start").asInt()).isEqualTo(onDrained);
    haproxy.awaitStatus("drained", "DOWN", Duration.ofSeconds(10));
    await()
        .atMost(WAIT)
        .until(() -> admin.get("/admin/drain").get("state").asText().equals("drained"));
    await()
        .atMost(WAIT)
        .until(() -> clients.stream().allMatch(c -> c.state() == GatewayClient.State.CONNECTED));
    assertThat(drained.openConnections()).isZero();
    assertThat(survivor.openConnections()).isEqualTo(CLIENTS);
    JsonNode done = admin.get("/admin/drain");
    assertThat(done.get("closed").asInt()).isEqualTo(onDrained);
    assertThat(done.get("remaining").asInt()).isZero();
    assertThat(drained.drain().progress().state()).isEqualTo(DrainProgress.State.DRAINED);
    List<RecordingListener.Close> closes =
        listeners.stream().flatMap(l -> l.closes.stream()).toList();
    assertThat(closes).as("every close a client saw").hasSize(onDrained);
    assertThat(closes).allSatisfy(close -> assertThat(close.code()).isEqualTo(1001));
    // Moved and working: a message from a moved client reaches another.
    GatewayClient moved =
        clients.get(
            listeners.indexOf(
                listeners.stream().filter(l -> !l.closes.isEmpty()).findFirst().orElseThrow()));
    int to = (clients.indexOf(moved) + 1) % CLIENTS;
    moved.send(to + 1, "text", "after the drain").get(10, TimeUnit.SECONDS);
    await()
        .atMost(WAIT)
        .until(
            () ->
                listeners.get(to).messages.stream()
                    .anyMatch(m -> m.content().equals("after the drain")));
  }
}
