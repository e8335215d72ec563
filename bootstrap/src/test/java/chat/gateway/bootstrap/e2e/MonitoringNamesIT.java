package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.deploy.MonitoringFiles;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerPayload;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the dashboard read only metrics a running gateway exports: one instance in
 * cluster mode (the test PostgreSQL, Redis and Kafka, so the store, Redis and Kafka timers and the
 * consumer lag exist) scraped after a chat, its Acks and a collection.
 */
class MonitoringNamesIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void everyMetricTheAlertsAndTheDashboardReadIsExported() throws Exception {
    try (GatewayFixture gateway =
        GatewayFixture.start(config -> GatewayFixture.onStore(config, "cluster"))) {
      long alice = 1 + ThreadLocalRandom.current().nextLong(GatewayFixture.LAST_USER / 2);
      long bob = alice + GatewayFixture.LAST_USER / 2;
      try (TestClient a = gateway.login(alice);
          TestClient b = gateway.login(bob)) {
        long seq = a.send(Frames.text(bob, "hello", "names-1"));
        a.await(f -> f.type() == FrameType.CHAT_ACK && f.seq() == seq, "the ChatAck");
        ServerPayload.ChatPush push =
            (ServerPayload.ChatPush) b.await(FrameType.CHAT_PUSH).payload();
        b.send(new ClientPayload.Ack(push.message().id().value(), "delivered"));
        a.await(FrameType.RECEIPT_PUSH);
      }
      // The collector's pause timer appears at the first collection after the gateway started.
      System.gc();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  scrape(gateway).contains("jvm_gc_pause_seconds_count")
                      && scrape(gateway).contains("gateway_kafka_call_seconds_count")
                      && !scrape(gateway).contains("gateway_kafka_consumer_lag_records NaN"));
      String scrape = scrape(gateway);
      Set<String> exported = MonitoringFiles.exportedNames(scrape);

      assertThat(
              MonitoringFiles.unknownNames(
                  MonitoringFiles.alertQueries(MonitoringFiles.read(MonitoringFiles.ALERTS)),
                  exported))
          .isEmpty();
      assertThat(
              MonitoringFiles.unknownNames(
                  MonitoringFiles.dashboardQueries(MonitoringFiles.read(MonitoringFiles.DASHBOARD)),
                  exported))
          .isEmpty();
      assertThat(scrape)
          .contains("gateway_ready 1.0")
          .contains("gateway_chat_push_delay_seconds_count 1")
          .contains("gateway_connections_max " + gateway.config().limits().maxTotalConnections())
          .contains("gateway_send_queue_limit_bytes ");

      gateway.gateway().drain().start();
      assertThat(scrape(gateway)).contains("gateway_ready 0.0");
    }
  }

  private static String scrape(GatewayFixture gateway) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(gateway.admin("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
