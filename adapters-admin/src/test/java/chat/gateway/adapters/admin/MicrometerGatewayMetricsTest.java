package chat.gateway.adapters.admin;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.GatewayMetrics.Backend;
import chat.gateway.application.port.out.GatewayMetrics.PushPath;
import chat.gateway.application.port.out.GatewayMetrics.RateLimitAction;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.protocol.FrameType;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The names and labels as Prometheus sees them, and that no label grows past its set. */
class MicrometerGatewayMetricsTest {

  @Test
  void eachEventMovesItsMeterUnderThePrometheusName() {
    try (MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics()) {
      metrics.connectionOpened();
      metrics.connectionClosed(4002);
      metrics.authAccepted();
      metrics.authRejected("token expired");
      metrics.authUnavailable();
      metrics.frameReceived(FrameType.CHAT, 100);
      metrics.frameRefused(7);
      metrics.frameSent(FrameType.CHAT_PUSH, 50);
      metrics.slowConsumerClosed();
      metrics.rateLimited(RateLimitAction.DROPPED);
      metrics.messageStored();
      metrics.messagesPushed(PushPath.LOGIN, 3);
      metrics.messageAcknowledged(DeliveryStatus.DELIVERED);
      metrics.messageAcknowledged(DeliveryStatus.READ);
      metrics.loginPushPage();
      metrics.syncPage();
      metrics.call(Backend.REDIS, "attach", 2_000_000, false);
      metrics.call(Backend.KAFKA, "publish", 1_000_000, true);
      metrics.watchConnections(() -> 5, () -> 4, () -> 3);
      metrics.watchSendQueue(() -> 1024);
      metrics.watchKafkaLag(() -> OptionalDouble.of(12));

      assertThat(metrics.scrape())
          .contains("gateway_connections_opened_total 1.0")
          .contains("gateway_connections_closed_total{code=\"4002\"} 1.0")
          .contains("gateway_auth_total{outcome=\"accepted\",reason=\"none\"} 1.0")
          .contains("gateway_auth_total{outcome=\"rejected\",reason=\"expired\"} 1.0")
          .contains("gateway_auth_total{outcome=\"unavailable\",reason=\"none\"} 1.0")
          .contains("gateway_frames_received_total{type=\"chat\"} 1.0")
          .contains("gateway_frames_received_total{type=\"invalid\"} 1.0")
          .contains("gateway_received_bytes_total 107.0")
          .contains("gateway_frames_sent_total{type=\"chat_push\"} 1.0")
          .contains("gateway_sent_bytes_total 50.0")
          .contains("gateway_slow_consumer_closes_total 1.0")
          .contains("gateway_rate_limited_total{action=\"dropped\"} 1.0")
          .contains("gateway_messages_stored_total 1.0")
          .contains("gateway_messages_pushed_total{path=\"login\"} 3.0")
          .contains("gateway_messages_delivered_total 1.0")
          .contains("gateway_messages_read_total 1.0")
          .contains("gateway_login_push_pages_total 1.0")
          .contains("gateway_sync_pages_total 1.0")
          .contains("gateway_redis_call_seconds_count{operation=\"attach\",outcome=\"ok\"} 1")
          .contains("gateway_kafka_call_seconds_count{operation=\"publish\",outcome=\"error\"} 1")
          .contains("gateway_redis_call_seconds_bucket{operation=\"attach\",outcome=\"ok\",le=")
          .contains("gateway_connections_open 5.0")
          .contains("gateway_connections_authenticated 4.0")
          .contains("gateway_users_online 3.0")
          .contains("gateway_send_queue_bytes 1024.0")
          .contains("gateway_kafka_consumer_lag_records 12.0")
          .contains("jvm_memory_used_bytes{")
          .contains("jvm_threads_live_threads ")
          .contains("process_uptime_seconds ");
    }
  }

  @Test
  void chatPushDelaysAreAHistogramInSecondsWithABoundedBucketSet() {
    try (MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics()) {
      metrics.chatPushDelay(TimeUnit.MILLISECONDS.toNanos(3));
      metrics.chatPushDelay(TimeUnit.MILLISECONDS.toNanos(40));

      String scrape = metrics.scrape();
      assertThat(scrape)
          .contains("gateway_chat_push_delay_seconds_count 2")
          .contains("gateway_chat_push_delay_seconds_sum 0.043")
          .contains("gateway_chat_push_delay_seconds_bucket{le=\"+Inf\"} 2");
      assertThat(scrape.lines().filter(l -> l.startsWith("gateway_chat_push_delay_seconds_bucket")))
          .hasSizeBetween(10, 80);
    }
  }

  @Test
  void readinessAndTheInstanceBoundsAreGauges() {
    try (MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics()) {
      AtomicBoolean ready = new AtomicBoolean(true);
      metrics.watchReadiness(ready::get);
      metrics.watchLimits(10_000, 1L << 28);

      assertThat(metrics.scrape())
          .contains("gateway_ready 1.0")
          .contains("gateway_connections_max 10000.0")
          .contains("gateway_send_queue_limit_bytes 2.68435456E8");
      ready.set(false);
      assertThat(metrics.scrape()).contains("gateway_ready 0.0");
    }
  }

  @Test
  void closeCodesAndAuthReasonsOutsideTheKnownSetsShareOneLabel() {
    try (MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics()) {
      for (int code = 3000; code < 3100; code++) {
        metrics.connectionClosed(code);
      }
      metrics.authRejected("algorithm not allowed: HS1024-made-up");
      metrics.authRejected("something no gateway says");
      metrics.authRejected("unknown user");

      String scrape = metrics.scrape();
      assertThat(scrape)
          .contains("gateway_connections_closed_total{code=\"other\"} 100.0")
          .doesNotContain("code=\"3000\"")
          .contains("gateway_auth_total{outcome=\"rejected\",reason=\"algorithm\"} 1.0")
          .contains("gateway_auth_total{outcome=\"rejected\",reason=\"other\"} 1.0")
          .contains("gateway_auth_total{outcome=\"rejected\",reason=\"unknown_user\"} 1.0")
          .doesNotContain("HS1024");
      assertThat(scrape.lines().filter(l -> l.startsWith("gateway_connections_closed_total{")))
          .hasSize(CloseCodes.LABELS.size());
    }
  }

  @Test
  void knownCodesKeepTheirOwnLabel() {
    assertThat(CloseCodes.label(1000)).isEqualTo("1000");
    assertThat(CloseCodes.label(1006)).isEqualTo("1006");
    assertThat(CloseCodes.label(4409)).isEqualTo("4409");
    assertThat(CloseCodes.label(4999)).isEqualTo("other");
    assertThat(AuthReasons.label("token not yet valid")).isEqualTo("not_yet_valid");
    assertThat(AuthReasons.label("signature invalid")).isEqualTo("bad_signature");
  }
}
