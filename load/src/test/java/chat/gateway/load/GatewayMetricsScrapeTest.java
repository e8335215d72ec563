package chat.gateway.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Reading two scrapes of /metrics: rates over the window and histogram quantiles. */
class GatewayMetricsScrapeTest {

  private static final String BEFORE =
      """
      # TYPE gateway_messages_delivered_total counter
      gateway_messages_delivered_total 100.0
      gateway_messages_pushed_total{path="live"} 90.0
      gateway_messages_pushed_total{path="login"} 10.0
      gateway_messages_stored_total 100.0
      gateway_chat_push_delay_seconds_bucket{le="0.001"} 10
      gateway_chat_push_delay_seconds_bucket{le="0.01"} 10
      gateway_chat_push_delay_seconds_bucket{le="+Inf"} 10
      gateway_chat_push_delay_seconds_count 10
      gateway_chat_push_delay_seconds_sum 0.005
      gateway_kafka_consumer_lag_records NaN
      """;
  private static final String AFTER =
      """
      gateway_messages_delivered_total 2100.0
      gateway_messages_pushed_total{path="live"} 2090.0
      gateway_messages_pushed_total{path="login"} 10.0
      gateway_messages_stored_total 2100.0
      gateway_chat_push_delay_seconds_bucket{le="0.001"} 1010
      gateway_chat_push_delay_seconds_bucket{le="0.01"} 2010
      gateway_chat_push_delay_seconds_bucket{le="+Inf"} 2010
      gateway_chat_push_delay_seconds_count 2010
      gateway_chat_push_delay_seconds_sum 6.005
      """;

  @Test
  void theWindowsRatesAndPushDelayComeFromTheDifferenceOfTwoScrapes() {
    GatewayMetricsScrape before = GatewayMetricsScrape.parse(0, BEFORE);
    GatewayMetricsScrape after = GatewayMetricsScrape.parse(2_000_000_000L, AFTER);

    Map<String, Object> figures = after.since(before);

    assertThat(figures)
        .containsEntry("gateway_window_seconds", 2.0)
        .containsEntry("gateway_delivered_per_second", 1000.0)
        .containsEntry("gateway_pushed_per_second", 1000.0)
        .containsEntry("gateway_stored_per_second", 1000.0)
        .containsEntry("gateway_push_delay_count", 2000L)
        .containsEntry("gateway_push_delay_mean_ms", 3.0)
        // 1,000 of 2,000 at most 1 ms: the median is the first bucket's bound.
        .containsEntry("gateway_push_delay_p50_ms", 1.0);
    // p99: rank 1,980 of 2,000 is 98% of the way through the (1 ms, 10 ms] bucket.
    assertThat((Double) figures.get("gateway_push_delay_p99_ms")).isCloseTo(9.82, within(0.001));
  }

  @Test
  void aQuantileInTheInfiniteBucketIsTheHighestFiniteBound() {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    buckets.put(0.5, 1.0);
    buckets.put(Double.POSITIVE_INFINITY, 10.0);
    assertThat(GatewayMetricsScrape.quantile(0.99, buckets)).isEqualTo(0.5);
    assertThat(GatewayMetricsScrape.quantile(0.05, buckets)).isCloseTo(0.25, within(1e-9));
  }
}
