package chat.gateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The alert rules (deploy/prometheus/gateway-alerts.yml) and the Grafana dashboard
 * (deploy/grafana/gateway-dashboard.json) as the tests read them, and the one check both share:
 * every metric name their PromQL reads is one the gateway exports.
 */
public final class MonitoringFiles {

  public static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  public static final Path ALERTS = REPOSITORY.resolve("deploy/prometheus/gateway-alerts.yml");
  public static final Path DASHBOARD = REPOSITORY.resolve("deploy/grafana/gateway-dashboard.json");

  /**
   * Series Prometheus itself makes for each target, not the gateway: {@code up} is 0 when a scrape
   * fails.
   */
  static final Set<String> PROMETHEUS_OWN = Set.of("up");

  private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_count", "_sum");

  /** One PromQL expression and where it stands (an alert's or a panel's name). */
  public record Query(String where, String expr) {}

  private MonitoringFiles() {}

  /** The rules of every group of the alert file, each as the YAML map it is. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> alertRules(String yaml) {
    Map<String, Object> root =
        new Yaml(new SafeConstructor(new LoaderOptions())).<Map<String, Object>>load(yaml);
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
      rules.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    return rules;
  }

  /** Each alert's expression, named by the alert. */
  public static List<Query> alertQueries(String yaml) {
    return alertRules(yaml).stream()
        .map(rule -> new Query("alert " + rule.get("alert"), String.valueOf(rule.get("expr"))))
        .toList();
  }

  /** The dashboard's panels (rows' nested panels included). */
  public static List<JsonNode> panels(String json) {
    List<JsonNode> panels = new ArrayList<>();
    try {
      for (JsonNode panel : new ObjectMapper().readTree(json).path("panels")) {
        panels.add(panel);
        panel.path("panels").forEach(panels::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return panels;
  }

  /** Each panel target's expression, named by the panel's title and the target's refId. */
  public static List<Query> dashboardQueries(String json) {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : panels(json)) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(
            new Query(
                "panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                target.path("expr").asText()));
      }
    }
    return queries;
  }

  /**
   * The metric names in a Prometheus text exposition: each sample's name, and a histogram's or
   * summary's own name besides its {@code _bucket}, {@code _count} and {@code _sum} series.
   */
  public static Set<String> exportedNames(String exposition) {
    Set<String> names = new HashSet<>();
    for (String line : exposition.lines().toList()) {
      if (line.startsWith("# TYPE ")) {
        names.add(line.split(" ")[2]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        String name = line.split("[{ ]", 2)[0];
        names.add(name);
        HISTOGRAM_SUFFIXES.stream()
            .filter(name::endsWith)
            .forEach(suffix -> names.add(name.substring(0, name.length() - suffix.length())));
      }
    }
    return names;
  }

  /**
   * Every metric name a query reads that is neither in {@code exported} nor Prometheus's own, as
   * "where: name"; empty when every query reads only exported metrics.
   */
  public static List<String> unknownNames(List<Query> queries, Set<String> exported) {
    List<String> unknown = new ArrayList<>();
    for (Query query : queries) {
      for (String name : PromQl.metricNames(query.expr())) {
        if (!exported.contains(name) && !PROMETHEUS_OWN.contains(name)) {
          unknown.add(query.where() + ": " + name);
        }
      }
    }
    return unknown;
  }

  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
