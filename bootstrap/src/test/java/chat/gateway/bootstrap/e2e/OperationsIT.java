package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.adapters.auth.JwtMinter;
import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerPayload;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The internal port of a running gateway: {@code /metrics} moves with a real session, the admin
 * API's token guard holds, and neither the admin token nor a client's token reaches the log.
 */
class OperationsIT {

  private static final String ADMIN_TOKEN =
      "operations-it-admin-token-"
          + Long.toHexString(ThreadLocalRandom.current().nextLong())
          + "-padding";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void metricsMoveWithASessionTheGuardHoldsAndNoTokenIsLogged(@TempDir Path dir) throws Exception {
    try (GatewayProcess gateway =
        GatewayProcess.start(
            dir,
            "operations",
            0,
            "",
            Map.of("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN, "GATEWAY_LOG_LEVEL", "DEBUG"))) {
      URI admin = URI.create("http://127.0.0.1:" + gateway.adminPort());
      Scrape before = Scrape.of(get(admin.resolve("/metrics"), Optional.empty()));
      long alice = 1 + ThreadLocalRandom.current().nextLong(50_000);
      long bob = alice + 50_000;
      String aliceToken = gateway.token(alice);
      String forged =
          new JwtMinter(JwtSettings.sharedSecret("another-secret-of-more-than-32-bytes-long"))
              .mint(UserId.of(alice), Duration.ofHours(1));

      try (TestClient refused = TestClient.connect(gateway.uri());
          TestClient a = TestClient.connect(gateway.uri());
          TestClient b = gateway.login(bob)) {
        assertThat(refused.auth(forged).success()).isFalse();
        assertThat(a.auth(aliceToken).success()).isTrue();
        long seq = a.send(Frames.text(bob, "hello bob", "ops-1"));
        ServerPayload.ChatAck ack =
            (ServerPayload.ChatAck)
                a.await(f -> f.type() == FrameType.CHAT_ACK && f.seq() == seq, "the ChatAck")
                    .payload();
        MessageId id = ack.messageId();
        b.await(FrameType.CHAT_PUSH);
        b.send(new ClientPayload.Ack(id.value(), "delivered"));
        a.await(FrameType.RECEIPT_PUSH);
        b.send(new ClientPayload.Ack(id.value(), "read"));
        a.await(FrameType.RECEIPT_PUSH);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  Scrape.of(get(admin.resolve("/metrics"), Optional.empty()))
                              .sum("gateway_connections_closed_total")
                          - before.sum("gateway_connections_closed_total")
                      >= 3);
      HttpResponse<String> scraped = get(admin.resolve("/metrics"), Optional.empty());
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain; version=0.0.4");
      Scrape after = Scrape.of(scraped);

      assertThat(after.delta(before, "gateway_connections_opened_total")).isEqualTo(3);
      assertThat(after.delta(before, "gateway_connections_closed_total")).isEqualTo(3);
      assertThat(after.delta(before, "gateway_auth_total", "outcome=\"accepted\"")).isEqualTo(2);
      assertThat(
              after.delta(
                  before, "gateway_auth_total", "outcome=\"rejected\"", "reason=\"bad_signature\""))
          .isEqualTo(1);
      assertThat(after.delta(before, "gateway_frames_received_total", "type=\"auth\""))
          .isEqualTo(3);
      assertThat(after.delta(before, "gateway_frames_received_total", "type=\"chat\""))
          .isEqualTo(1);
      assertThat(after.delta(before, "gateway_frames_received_total", "type=\"ack\"")).isEqualTo(2);
      assertThat(after.delta(before, "gateway_frames_sent_total", "type=\"auth_rsp\""))
          .isEqualTo(3);
      assertThat(after.delta(before, "gateway_frames_sent_total", "type=\"chat_ack\""))
          .isEqualTo(1);
      assertThat(after.delta(before, "gateway_frames_sent_total", "type=\"chat_push\""))
          .isEqualTo(1);
      assertThat(after.delta(before, "gateway_frames_sent_total", "type=\"receipt_push\""))
          .isEqualTo(2);
      assertThat(after.delta(before, "gateway_received_bytes_total")).isPositive();
      assertThat(after.delta(before, "gateway_sent_bytes_total")).isPositive();
      assertThat(after.delta(before, "gateway_messages_stored_total")).isEqualTo(1);
      assertThat(after.delta(before, "gateway_messages_pushed_total", "path=\"live\""))
          .isEqualTo(1);
      assertThat(after.delta(before, "gateway_messages_delivered_total")).isEqualTo(1);
      assertThat(after.delta(before, "gateway_messages_read_total")).isEqualTo(1);
      assertThat(
              after.delta(
                  before,
                  "gateway_store_call_seconds_count",
                  "operation=\"store\"",
                  "outcome=\"ok\""))
          .isEqualTo(1);
      assertThat(after.sum("gateway_connections_open")).isZero();
      assertThat(after.sum("jvm_memory_used_bytes")).isPositive();
      assertThat(after.sum("process_uptime_seconds")).isPositive();

      HttpResponse<String> noToken = get(admin.resolve("/admin/openapi.json"), Optional.empty());
      assertThat(noToken.statusCode()).isEqualTo(401);
      assertThat(noToken.body()).contains("\"error\":\"unauthorized\"");
      assertThat(get(admin.resolve("/admin/openapi.json"), Optional.of(ADMIN_TOKEN + "x")))
          .extracting(HttpResponse::statusCode)
          .isEqualTo(401);
      HttpResponse<String> described =
          get(admin.resolve("/admin/openapi.json"), Optional.of(ADMIN_TOKEN));
      assertThat(described.statusCode()).isEqualTo(200);
      JsonNode openApi = new ObjectMapper().readTree(described.body());
      assertThat(openApi.get("openapi").asText()).startsWith("3.");
      assertThat(openApi.get("paths").has("/admin/openapi.json")).isTrue();
      assertThat(openApi.get("paths").has("/metrics")).isTrue();
      assertThat(get(admin.resolve("/admin/nothing-here"), Optional.of(ADMIN_TOKEN)).statusCode())
          .isEqualTo(404);

      gateway.terminate();
      assertThat(gateway.awaitExit(Duration.ofSeconds(15))).isPresent();
      assertThat(gateway.output())
          .contains("admin port listening on")
          .doesNotContain(ADMIN_TOKEN)
          .doesNotContain(aliceToken)
          .doesNotContain(forged);
    }
  }

  @Test
  void withoutATokenTheAdminApiIsOffAndSaysHowToTurnItOnWhileMetricsAreServed() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start()) {
      HttpResponse<String> off = get(gateway.admin("/admin/openapi.json"), Optional.empty());
      assertThat(off.statusCode()).isEqualTo(503);
      assertThat(off.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(off.body())
          .contains("\"error\":\"admin_api_off\"")
          .contains("GATEWAY_ADMIN_TOKEN");
      assertThat(get(gateway.admin("/admin/openapi.json"), Optional.of("anything")).statusCode())
          .isEqualTo(503);

      HttpResponse<String> metrics = get(gateway.admin("/metrics"), Optional.empty());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("gateway_connections_open ");
    }
  }

  private static HttpResponse<String> get(URI uri, Optional<String> bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One scrape: sums of the samples of a name whose labels include the given ones. */
  private record Scrape(String text) {

    static Scrape of(HttpResponse<String> response) {
      assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
      return new Scrape(response.body());
    }

    double sum(String name, String... labels) {
      double total = 0;
      for (String line : text.lines().toList()) {
        if (line.startsWith("#")) {
          continue;
        }
        int space = line.lastIndexOf(' ');
        String series = line.substring(0, space);
        String metric = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        if (!metric.equals(name)) {
          continue;
        }
        boolean all = true;
        for (String label : labels) {
          all &= series.contains(label);
        }
        if (all) {
          total += Double.parseDouble(line.substring(space + 1));
        }
      }
      return total;
    }

    double delta(Scrape before, String name, String... labels) {
      return sum(name, labels) - before.sum(name, labels);
    }
  }
}
