package chat.gateway.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One scrape of the gateway's {@code /metrics} (Prometheus text format), and what two of them say
 * about the window between: the gateway's own delivered rate and chat push delay, to put beside the
 * tool's figures.
 */
public final class GatewayMetricsScrape {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final long nanoTime;
  private final Map<String, Double> samples;

  GatewayMetricsScrape(long nanoTime, Map<String, Double> samples) {
    this.nanoTime = nanoTime;
    this.samples = samples;
  }

  /** Scrapes {@code url} now; fails with an {@link IOException} naming the URL. */
  public static GatewayMetricsScrape of(URI url) throws IOException, InterruptedException {
    long sent = System.nanoTime();
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered " + response.statusCode());
    }
    // The gateway read its meters somewhere between the request and the answer.
    return parse(sent + (System.nanoTime() - sent) / 2, response.body());
  }

  /** The samples of a text exposition, keyed by series ({@code name{labels}}). */
  static GatewayMetricsScrape parse(long nanoTime, String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int split = line.lastIndexOf(' ');
      try {
        samples.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
      } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
        // Not a sample line of the 0.0.4 format (a timestamp, an exemplar): not ours to read.
      }
    }
    return new GatewayMetricsScrape(nanoTime, samples);
  }

  /** The sum of every series of {@code name}, over all label values. */
  double sum(String name) {
    double sum = 0;
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      if (nameOf(e.getKey()).equals(name) && !e.getValue().isNaN()) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  /** The cumulative buckets of histogram {@code name} (without _bucket), summed over labels. */
  NavigableMap<Double, Double> buckets(String name) {
    NavigableMap<Double, Double> buckets = new TreeMap<>();
    String prefix = name + "_bucket{";
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      String series = e.getKey();
      int le = series.indexOf("le=\"");
      if (series.startsWith(prefix) && le >= 0) {
        String bound = series.substring(le + 4, series.indexOf('"', le + 4));
        double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
        buckets.merge(upper, e.getValue(), Double::sum);
      }
    }
    return buckets;
  }

  /**
   * What the gateway counted between {@code before} and this scrape: delivered Acks, live pushes
   * and stored chats per second, and the chat push delay's mean and quantiles in milliseconds (as
   * Prometheus's histogram_quantile estimates them from the buckets).
   */
  public Map<String, Object> since(GatewayMetricsScrape before) {
    double seconds = (nanoTime - before.nanoTime) / 1e9;
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("gateway_window_seconds", round(seconds));
    figures.put(
        "gateway_delivered_per_second",
        round(delta(before, "gateway_messages_delivered_total") / seconds));
    figures.put(
        "gateway_pushed_per_second",
        round(delta(before, "gateway_messages_pushed_total") / seconds));
    figures.put(
        "gateway_stored_per_second",
        round(delta(before, "gateway_messages_stored_total") / seconds));
    String delay = "gateway_chat_push_delay_seconds";
    double count = delta(before, delay + "_count");
    figures.put("gateway_push_delay_count", (long) count);
    if (count > 0) {
      NavigableMap<Double, Double> buckets = new TreeMap<>();
      NavigableMap<Double, Double> earlier = before.buckets(delay);
      buckets(delay).forEach((le, n) -> buckets.put(le, n - earlier.getOrDefault(le, 0.0)));
      figures.put("gateway_push_delay_mean_ms", round(delta(before, delay + "_sum") / count * 1e3));
      for (double q : new double[] {0.5, 0.9, 0.99}) {
        figures.put(
            "gateway_push_delay_p" + Math.round(q * 100) + "_ms",
            round(quantile(q, buckets) * 1e3));
      }
    }
    return figures;
  }

  private double delta(GatewayMetricsScrape before, String name) {
    return sum(name) - before.sum(name);
  }

  /**
   * Prometheus's histogram_quantile: the bucket the rank falls in, linearly between its bounds; the
   * highest finite bound when it falls in +Inf.
   */
  static double quantile(double q, NavigableMap<Double, Double> cumulative) {
    if (cumulative.isEmpty()) {
      return Double.NaN;
    }
    double rank = q * cumulative.lastEntry().getValue();
    double lower = 0;
    double below = 0;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (bucket.getValue() >= rank) {
        if (bucket.getKey().isInfinite()) {
          return lower;
        }
        double inBucket = bucket.getValue() - below;
        return inBucket == 0
            ? bucket.getKey()
            : lower + (bucket.getKey() - lower) * (rank - below) / inBucket;
      }
      lower = bucket.getKey();
      below = bucket.getValue();
    }
    return lower;
  }

  private static String nameOf(String series) {
    int brace = series.indexOf('{');
    return brace < 0 ? series : series.substring(0, brace);
  }

  private static double round(double value) {
    return Report.round(value);
  }
}
