package chat.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shape of the alert rules and the dashboard, and the name check they share; that their metric
 * names are ones a running gateway exports is MonitoringNamesIT's part.
 */
class MonitoringFilesTest {

  private static final String ALERTS = MonitoringFiles.read(MonitoringFiles.ALERTS);
  private static final String DASHBOARD = MonitoringFiles.read(MonitoringFiles.DASHBOARD);
  private static final String OPERATIONS =
      MonitoringFiles.read(MonitoringFiles.REPOSITORY.resolve("docs/operations.md"));

  @Test
  void everyAlertWaitsHasASeverityAndSaysWhatToDo() {
    List<Map<String, Object>> rules = MonitoringFiles.alertRules(ALERTS);
    assertThat(rules).hasSizeGreaterThan(10);
    for (Map<String, Object> rule : rules) {
      assertThat(rule).as("rule %s", rule).containsKeys("alert", "expr", "for");
      assertThat(String.valueOf(rule.get("for"))).as("%s", rule.get("alert")).matches("\\d+[smh]");
      assertThat(nested(rule, "labels"))
          .as("%s", rule.get("alert"))
          .extractingByKey("severity")
          .isIn("page", "warning");
      Map<String, Object> annotations = nested(rule, "annotations");
      assertThat(String.valueOf(annotations.get("summary"))).isNotBlank().isNotEqualTo("null");
      assertThat(String.valueOf(annotations.get("action")))
          .as("%s", rule.get("alert"))
          .hasSizeGreaterThan(40);
    }
    assertThat(rules.stream().map(rule -> rule.get("alert")).collect(Collectors.toSet()))
        .hasSameSizeAs(rules);
  }

  @Test
  void theAlertsWatchWhatAnOperatorMustHear() {
    assertThat(namesIn(MonitoringFiles.alertQueries(ALERTS)))
        .contains(
            "up",
            "gateway_ready",
            "gateway_auth_total",
            "gateway_slow_consumer_closes_total",
            "gateway_rate_limited_total",
            "gateway_store_call_seconds_count",
            "gateway_store_call_seconds_bucket",
            "gateway_redis_call_seconds_count",
            "gateway_redis_call_seconds_bucket",
            "gateway_kafka_call_seconds_count",
            "gateway_kafka_call_seconds_bucket",
            "gateway_kafka_consumer_lag_records",
            "gateway_send_queue_bytes",
            "gateway_send_queue_limit_bytes",
            "gateway_connections_open",
            "gateway_connections_max",
            "jvm_gc_live_data_size_bytes",
            "jvm_gc_pause_seconds_sum");
  }

  @Test
  void everyPanelHasATitleAndAQueryAndTheyCoverTheGateway() {
    List<JsonNode> panels = MonitoringFiles.panels(DASHBOARD);
    assertThat(panels).hasSizeGreaterThan(10);
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : panels) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", panel).isTrue();
      assertThat(panel.path("title").asText()).isNotBlank();
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
    }
    List<MonitoringFiles.Query> queries = MonitoringFiles.dashboardQueries(DASHBOARD);
    assertThat(queries).allSatisfy(query -> assertThat(query.expr()).isNotBlank());
    assertThat(namesIn(queries))
        .contains(
            "gateway_connections_open",
            "gateway_auth_total",
            "gateway_frames_received_total",
            "gateway_frames_sent_total",
            "gateway_messages_stored_total",
            "gateway_messages_pushed_total",
            "gateway_messages_delivered_total",
            "gateway_chat_push_delay_seconds_bucket",
            "gateway_store_call_seconds_bucket",
            "gateway_redis_call_seconds_bucket",
            "gateway_kafka_call_seconds_bucket",
            "gateway_send_queue_bytes",
            "gateway_slow_consumer_closes_total",
            "gateway_kafka_consumer_lag_records",
            "jvm_memory_used_bytes",
            "jvm_gc_pause_seconds_sum");
  }

  @Test
  void theOperationsGuideExplainsEveryAlertAndNamesTheDashboard() {
    String alerts = section(OPERATIONS, "## Alerts");
    for (Map<String, Object> rule : MonitoringFiles.alertRules(ALERTS)) {
      assertThat(alerts).contains("`" + rule.get("alert") + "`");
    }
    assertThat(alerts).contains("deploy/prometheus/gateway-alerts.yml");
    assertThat(section(OPERATIONS, "## Dashboard"))
        .contains("deploy/grafana/gateway-dashboard.json");
  }

  @Test
  void metricNamesAreReadFromSelectorsNotFromFunctionsLabelsOrNumbers() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.99, sum by (instance, le) (rate(a_seconds_bucket{op=\"x y\","
                    + " le!=\"1e3\"}[5m] offset 1h))) > 1e-3 and on (instance) b_total / ignoring"
                    + " (code) group_left c:recorded unless absent(up{job=\"g\"})"))
        .containsExactly("a_seconds_bucket", "b_total", "c:recorded", "up");
    assertThat(PromQl.metricNames("sum(rate(d_total[$__rate_interval])) without (type)"))
        .containsExactly("d_total");
  }

  @Test
  void aNameTheGatewayDoesNotExportIsReportedWithWhereItStands() {
    Set<String> exported =
        MonitoringFiles.exportedNames(
            """
            # TYPE x_seconds histogram
            x_seconds_bucket{le="0.1"} 1
            x_seconds_count 1
            x_seconds_sum 0.05
            # TYPE y_total counter
            y_total{type="a"} 3.0
            """);
    assertThat(exported).contains("x_seconds", "x_seconds_bucket", "x_seconds_count", "y_total");

    List<MonitoringFiles.Query> queries =
        List.of(
            new MonitoringFiles.Query("alert Fine", "rate(y_total[5m]) > 0 or up == 0"),
            new MonitoringFiles.Query(
                "alert Typo", "rate(x_second_count[5m]) / rate(y_total[5m])"));
    assertThat(MonitoringFiles.unknownNames(queries, exported))
        .containsExactly("alert Typo: x_second_count");
  }

  private static Set<String> namesIn(List<MonitoringFiles.Query> queries) {
    return queries.stream()
        .flatMap(query -> PromQl.metricNames(query.expr()).stream())
        .collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> nested(Map<String, Object> map, String key) {
    assertThat(map).as("%s", map.get("alert")).containsKey(key);
    return (Map<String, Object>) map.get(key);
  }

  private static String section(String markdown, String heading) {
    int start = markdown.indexOf("\n" + heading + "\n");
    assertThat(start).as("docs/operations.md has %s", heading).isNotNegative();
    int end = markdown.indexOf("\n## ", start + heading.length() + 2);
    return markdown.substring(start, end < 0 ? markdown.length() : end);
  }
}
