package chat.gateway.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A run's summary: named figures in the order they were added, latency distributions, and the
 * failures that make the run fail. Printed as a table and written as JSON.
 */
public final class Report {

  private final Map<String, Object> root = new LinkedHashMap<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> latencies = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();

  public Report(String scenario, String target) {
    root.put("scenario", scenario);
    root.put("target", target);
  }

  public void put(String key, Object value) {
    figures.put(key, value);
  }

  public void section(String key, Map<String, Object> value) {
    root.put(key, value);
  }

  /** Adds a latency distribution recorded in microseconds. */
  public void latency(String name, Histogram micros) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", micros.getTotalCount());
    m.put("p50_ms", ms(micros.getValueAtPercentile(50)));
    m.put("p90_ms", ms(micros.getValueAtPercentile(90)));
    m.put("p99_ms", ms(micros.getValueAtPercentile(99)));
    m.put("p99_9_ms", ms(micros.getValueAtPercentile(99.9)));
    m.put("max_ms", ms(micros.getMaxValue()));
    m.put("mean_ms", round(micros.getTotalCount() == 0 ? 0 : micros.getMean() / 1000.0));
    latencies.put(name, m);
  }

  public void fail(String why) {
    failures.add(why);
  }

  /** Fails the run with {@code why} when {@code condition} is false. */
  public void require(boolean condition, String why) {
    if (!condition) {
      fail(why);
    }
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  public Map<String, Object> asMap() {
    Map<String, Object> all = new LinkedHashMap<>(root);
    all.put("results", figures);
    all.put("latency", latencies);
    all.put("passed", passed());
    all.put("failures", failures);
    return all;
  }

  public void print(PrintStream out) {
    out.println();
    out.printf("== %s against %s ==%n", root.get("scenario"), root.get("target"));
    int width = 10;
    for (String k : figures.keySet()) {
      width = Math.max(width, k.length());
    }
    for (Map.Entry<String, Object> e : figures.entrySet()) {
      out.printf("  %-" + width + "s  %s%n", e.getKey(), format(e.getValue()));
    }
    for (String section : List.of("server", "generator")) {
      if (root.get(section) instanceof Map<?, ?> m) {
        out.printf("  %-" + width + "s  %s%n", section, m);
      }
    }
    if (!latencies.isEmpty()) {
      out.printf(
          "  %-22s %10s %9s %9s %9s %9s %9s%n",
          "latency (ms)", "count", "p50", "p90", "p99", "p99.9", "max");
      for (Map.Entry<String, Map<String, Object>> e : latencies.entrySet()) {
        Map<String, Object> m = e.getValue();
        out.printf(
            "  %-22s %10s %9s %9s %9s %9s %9s%n",
            e.getKey(),
            m.get("count"),
            m.get("p50_ms"),
            m.get("p90_ms"),
            m.get("p99_ms"),
            m.get("p99_9_ms"),
            m.get("max_ms"));
      }
    }
    out.println(passed() ? "  PASSED" : "  FAILED: " + String.join("; ", failures));
  }

  public void writeJson(Path file) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      mapper.writeValue(file.toFile(), asMap());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String format(Object value) {
    if (value instanceof Double d) {
      return String.format(Locale.ROOT, "%,.2f", d);
    }
    if (value instanceof Long || value instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
    }
    return String.valueOf(value);
  }

  static double ms(long micros) {
    return round(micros / 1000.0);
  }

  public static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
