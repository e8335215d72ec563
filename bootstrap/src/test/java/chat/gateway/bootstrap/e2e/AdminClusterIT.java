package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.adapters.auth.JwtMinter;
import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.bootstrap.Gateway;
import chat.gateway.client.GatewayClient;
import chat.gateway.client.ReconnectPolicy;
import chat.gateway.domain.UserId;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's admin API, end to end on two gateways of one cluster (in this JVM, on the real test
 * PostgreSQL, Redis and Kafka): one user's three devices (client library, reconnecting after 100
 * ms) on both instances are listed with where and since when they connected, by either instance; a
 * disconnect with reconnect true moves them (1001, and they come back), with reconnect false bans
 * them (4403, and none comes back).
 */
class AdminClusterIT {

  private static final long USER = 11;
  private static final long OTHER = 12;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final InJvmCluster cluster = InJvmCluster.create(20, UnaryOperator.identity());
  private final JwtMinter minter = new JwtMinter(JwtSettings.sharedSecret(GatewayFixture.SECRET));
  private final List<GatewayClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(GatewayClient::close);
    cluster.close();
  }

  @Test
  void aUsersThreeDevicesOnTwoInstancesAreListedMovedAndBanned() throws Exception {
    Gateway a = cluster.start("gw-a");
    Gateway b = cluster.start("gw-b");
    AdminHttp adminA = new AdminHttp(a.adminPort(), InJvmCluster.ADMIN_TOKEN);
    AdminHttp adminB = new AdminHttp(b.adminPort(), InJvmCluster.ADMIN_TOKEN);
    Instant before = Instant.now().minusSeconds(1);
    List<RecordingListener> devices = List.of(connect(a, USER), connect(a, USER), connect(b, USER));
    connect(b, OTHER);
    Instant after = Instant.now().plusSeconds(1);

    await().atMost(WAIT).until(() -> sessions(adminA.get("/admin/users/" + USER)).size() == 3);
    JsonNode user = adminB.get("/admin/users/" + USER);
    assertThat(user.get("user").asLong()).isEqualTo(USER);
    assertThat(user.get("presence").asText()).isEqualTo("online");
    Map<String, Integer> perInstance = new HashMap<>();
    for (JsonNode session : sessions(user)) {
      perInstance.merge(session.get("instance").asText(), 1, Integer::sum);
      assertThat(session.get("session").asText()).isNotBlank();
      assertThat(session.get("remote_address").asText()).contains("127.0.0.1");
      assertThat(session.get("user_agent").asText()).startsWith("Java-http-client");
      assertThat(Instant.parse(session.get("connected_since").asText())).isBetween(before, after);
    }
    assertThat(perInstance).isEqualTo(Map.of("gw-a", 2, "gw-b", 1));

    assertThat(onlineUsers(adminA)).contains(USER, OTHER);
    Map<String, List<Integer>> counts = new HashMap<>();
    for (JsonNode instance : adminB.get("/admin/instances").get("instances")) {
      counts.put(
          instance.get("instance").asText(),
          List.of(instance.get("connections").asInt(), instance.get("users").asInt()));
    }
    assertThat(counts).isEqualTo(Map.of("gw-a", List.of(2, 1), "gw-b", List.of(2, 2)));

    // A move: every device closed with 1001, and back within the reconnect delay.
    Set<String> moved = ids(sessions(user));
    disconnectAll(adminA, true, devices, 1001);
    await()
        .atMost(WAIT)
        .until(
            () ->
                clients.stream().allMatch(c -> c.state() == GatewayClient.State.CONNECTED)
                    && sessions(adminB.get("/admin/users/" + USER)).size() == 3);
    assertThat(ids(sessions(adminB.get("/admin/users/" + USER))))
        .doesNotContainAnyElementsOf(moved);

    // A ban: every device closed with 4403, and none comes back.
    disconnectAll(adminB, false, devices, 1001, 4403);
    List<Integer> reconnects = devices.stream().map(d -> d.reconnects.size()).toList();
    Thread.sleep(3_000);
    assertThat(devices.stream().map(d -> d.reconnects.size()).toList()).isEqualTo(reconnects);
    assertThat(clients.subList(0, 3))
        .allSatisfy(c -> assertThat(c.state()).isEqualTo(GatewayClient.State.CLOSED));
    await().atMost(WAIT).until(() -> sessions(adminA.get("/admin/users/" + USER)).isEmpty());
    assertThat(a.openConnections()).isZero();
    assertThat(b.openConnections()).isEqualTo(1);
    HttpResponse<String> again =
        adminA.post("/admin/users/" + USER + "/disconnect", "{\"reconnect\": false}");
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(AdminHttp.json(again).get("error").asText()).isEqualTo("not_connected");
  }

  /**
   * Disconnects all three of USER's devices through {@code admin}; each device's closes so far are
   * then {@code closes}, the last of them the one this disconnect answered with.
   */
  private static void disconnectAll(
      AdminHttp admin, boolean reconnect, List<RecordingListener> devices, Integer... closes) {
    HttpResponse<String> answer =
        admin.post("/admin/users/" + USER + "/disconnect", "{\"reconnect\": " + reconnect + "}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(AdminHttp.json(answer).get("sessions").asInt()).isEqualTo(3);
    assertThat(AdminHttp.json(answer).get("close_code").asInt())
        .isEqualTo(closes[closes.length - 1]);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(devices)
                    .allSatisfy(
                        d ->
                            assertThat(d.closes)
                                .extracting(RecordingListener.Close::code)
                                .containsExactly(closes)));
  }

  private RecordingListener connect(Gateway gateway, long user) throws Exception {
    RecordingListener listener = new RecordingListener();
    GatewayClient client =
        GatewayClient.builder(URI.create("ws://127.0.0.1:" + gateway.port() + "/ws"))
            .token(() -> minter.mint(UserId.of(user), Duration.ofHours(1)))
            .listener(listener)
            .reconnectPolicy(
                ReconnectPolicy.defaults()
                    .withDelays(Duration.ofMillis(100), Duration.ofSeconds(1)))
            .build();
    clients.add(client);
    client.connect().get(10, TimeUnit.SECONDS);
    return listener;
  }

  /** Every user GET /admin/online lists, a page of one at a time. */
  private static List<Long> onlineUsers(AdminHttp admin) {
    List<Long> users = new ArrayList<>();
    String cursor = "";
    do {
      JsonNode page = admin.get("/admin/online?limit=1&cursor=" + cursor);
      assertThat(page.get("users").size()).isLessThanOrEqualTo(1);
      page.get("users").forEach(u -> users.add(u.get("user").asLong()));
      cursor = page.get("next").asText();
    } while (!cursor.isEmpty());
    return users;
  }

  private static List<JsonNode> sessions(JsonNode user) {
    List<JsonNode> sessions = new ArrayList<>();
    user.get("sessions").forEach(sessions::add);
    return sessions;
  }

  private static Set<String> ids(List<JsonNode> sessions) {
    Set<String> ids = new HashSet<>();
    sessions.forEach(s -> ids.add(s.get("session").asText()));
    return ids;
  }
}
