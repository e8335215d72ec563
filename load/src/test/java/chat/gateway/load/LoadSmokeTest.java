package chat.gateway.load;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.session.GatewayCoreBuilder.AudienceMode;
import chat.gateway.bootstrap.Gateway;
import chat.gateway.bootstrap.GatewayConfig;
import chat.gateway.domain.Limits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario with tiny numbers against a real gateway started in this JVM (the embedded
 * in-memory default), and the chat scenario against the echo baseline: the tool keeps working. The
 * real runs are benchmarks (scripts/bench.sh), not tests.
 */
class LoadSmokeTest {

  private static final String SECRET = "load-smoke-test-secret-of-more-than-32-bytes";

  private static Gateway gateway;
  private static EchoServer echo;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    GatewayConfig config =
        new GatewayConfig(
            new GatewayConfig.Server("127.0.0.1", 0, Optional.empty(), Set.of(), 2),
            new GatewayConfig.Auth(
                Optional.of(SECRET),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(5),
                Path.of("target", "unused-dev-secret")),
            // A short write timeout, so the stalled reader of the chat test is closed soon.
            Limits.defaults().toBuilder().writeTimeout(Duration.ofSeconds(3)).build(),
            "1-1000",
            AudienceMode.SUBSCRIBED,
            Duration.ofSeconds(5));
    gateway = Gateway.start(config);
    echo = new EchoServer();
    echo.port = 0;
    echo.ioThreads = 1;
    echo.start();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.shutdown();
    }
    if (echo != null) {
      echo.close();
    }
  }

  private static JsonNode run(String scenario, String... args) throws IOException {
    Path json = dir.resolve(scenario + "-" + System.nanoTime() + ".json");
    List<String> all = new ArrayList<>();
    all.add(scenario);
    all.addAll(
        List.of(
            "--url",
            "ws://127.0.0.1:" + gateway.port() + "/ws",
            "--secret",
            SECRET,
            "--io-threads",
            "2",
            "--progress",
            "0",
            "--json",
            json.toString()));
    all.addAll(List.of(args));
    if (!all.contains("--users")) {
      all.addAll(List.of("--users", "1-1000"));
    }
    int status = LoadMain.commandLine().execute(all.toArray(String[]::new));
    JsonNode summary = new ObjectMapper().readTree(json.toFile());
    assertThat(status).as("exit status; summary %s", summary.toPrettyString()).isZero();
    assertThat(summary.get("passed").asBoolean()).isTrue();
    assertThat(summary.get("failures")).isEmpty();
    return summary;
  }

  @Test
  void idleHoldsAuthenticatedConnectionsThatPing() throws IOException {
    JsonNode r =
        run(
                "idle",
                "--connections",
                "10",
                "--ping-interval",
                "0.3",
                "--settle",
                "0.2",
                "--hold",
                "1")
            .get("results");
    assertThat(r.get("ready").asLong()).isEqualTo(10);
    assertThat(r.get("pongs").asLong()).isPositive();
    assertThat(r.get("unexpected_closes").asLong()).isZero();
    assertThat(r.get("server_gc_before_readings").asBoolean()).isTrue();
    assertThat(r.has("server_heap_per_connection_bytes")).isTrue();
  }

  @Test
  void chatAccountsForEveryMessage() throws IOException {
    JsonNode summary =
        run(
            "chat",
            "--pairs",
            "5",
            "--rate",
            "200",
            "--warmup",
            "0",
            "--duration",
            "1",
            "--drain",
            "5");
    JsonNode r = summary.get("results");
    assertThat(r.get("sent").asLong()).isBetween(150L, 250L);
    assertThat(r.get("delivered").asLong()).isEqualTo(r.get("sent").asLong());
    assertThat(r.get("acked").asLong()).isEqualTo(r.get("sent").asLong());
    assertThat(r.get("lost").asLong()).isZero();
    assertThat(r.get("duplicated").asLong()).isZero();
    assertThat(summary.at("/latency/push/count").asLong()).isEqualTo(r.get("sent").asLong());
    assertThat(summary.at("/latency/chat_ack/p99_ms").asDouble()).isPositive();
  }

  @Test
  void chatWithMetricsUrlReportsTheGatewaysOwnFiguresForTheWindow() throws IOException {
    JsonNode r =
        run(
                "chat",
                "--pairs",
                "5",
                "--rate",
                "200",
                "--warmup",
                "0.5",
                "--duration",
                "2",
                "--users",
                "600-699",
                "--metrics-url",
                "http://127.0.0.1:" + gateway.adminPort() + "/metrics")
            .get("results");
    double tool = r.get("delivered_per_second").asDouble();
    assertThat(r.get("gateway_window_seconds").asDouble()).isBetween(1.5, 2.5);
    // A tiny run on a shared machine: the same order, not the few percent of a real run.
    assertThat(r.get("gateway_delivered_per_second").asDouble()).isBetween(tool / 2, tool * 2);
    assertThat(r.get("gateway_pushed_per_second").asDouble()).isBetween(tool / 2, tool * 2);
    assertThat(r.get("gateway_push_delay_count").asLong()).isPositive();
    assertThat(r.get("gateway_push_delay_p99_ms").asDouble())
        .isGreaterThanOrEqualTo(r.get("gateway_push_delay_p50_ms").asDouble())
        .isGreaterThanOrEqualTo(0);
  }

  @Test
  void anUnreachableMetricsUrlFailsTheRun() throws IOException {
    Path json = dir.resolve("no-metrics.json");
    int status =
        LoadMain.commandLine()
            .execute(
                "chat",
                "--url",
                "ws://127.0.0.1:" + gateway.port() + "/ws",
                "--secret",
                SECRET,
                "--users",
                "700-799",
                "--pairs",
                "2",
                "--rate",
                "20",
                "--warmup",
                "0",
                "--duration",
                "0.5",
                "--progress",
                "0",
                "--metrics-url",
                "http://127.0.0.1:" + gateway.port() + "/no-metrics-here",
                "--json",
                json.toString());
    JsonNode summary = new ObjectMapper().readTree(json.toFile());
    assertThat(status).isEqualTo(1);
    assertThat(summary.get("failures").toString()).contains("cannot scrape --metrics-url");
  }

  @Test
  void aStalledReaderIsClosedByTheGatewayWhileTheOthersGetEverything() throws IOException {
    // 60 KB messages fill the stalled socket's kernel buffers (some 4 MB) within seconds.
    JsonNode r =
        run(
                "chat",
                "--pairs",
                "4",
                "--rate",
                "240",
                "--size",
                "60000",
                "--duration",
                "10",
                "--warmup",
                "0",
                "--stalled",
                "1",
                "--users",
                "300-399")
            .get("results");
    assertThat(r.get("lost").asLong()).isZero();
    assertThat(r.get("unexpected_closes").asLong()).isZero();
    assertThat(r.get("stalled_closed_by_gateway").asLong()).isEqualTo(1);
  }

  @Test
  void backlogArrivesWholeAndOnceAtLogin() throws IOException {
    JsonNode r =
        run("backlog", "--messages", "200", "--senders", "10", "--receiver", "900").get("results");
    assertThat(r.get("received").asLong()).isEqualTo(200);
    assertThat(r.get("duplicated").asLong()).isZero();
    assertThat(r.get("login_to_all_received_ms").asDouble()).isPositive();
  }

  @Test
  void aReconnectWithAResumePointGetsTheBacklogOnceBySync() throws IOException {
    JsonNode r =
        run("backlog", "--messages", "200", "--senders", "10", "--receiver", "901", "--sync")
            .get("results");
    assertThat(r.get("received").asLong()).isEqualTo(200);
    assertThat(r.get("duplicated").asLong()).isZero();
    assertThat(r.get("via_sync").asLong()).isEqualTo(200);
    assertThat(r.get("resume_point").asLong()).isPositive();
  }

  @Test
  void stormAuthenticatesEveryConnection() throws IOException {
    JsonNode r = run("storm", "--connections", "30", "--users", "100-199").get("results");
    assertThat(r.get("ready").asLong()).isEqualTo(30);
    assertThat(r.get("authenticated_connects_per_second").asDouble()).isPositive();
  }

  @Test
  void fanoutReachesEveryDevice() throws IOException {
    JsonNode r =
        run(
                "fanout",
                "--users",
                "500-599",
                "--groups",
                "2",
                "--rate",
                "40",
                "--warmup",
                "0",
                "--duration",
                "1")
            .get("results");
    assertThat(r.get("delivered").asLong()).isEqualTo(3 * r.get("sent").asLong());
    assertThat(r.get("lost").asLong()).isZero();
    assertThat(r.get("duplicated").asLong()).isZero();
  }

  @Test
  void chatAgainstTheEchoBaselineTimesRoundTrips() throws IOException {
    Path json = dir.resolve("echo.json");
    int status =
        LoadMain.commandLine()
            .execute(
                "chat",
                "--target",
                "echo",
                "--url",
                "ws://127.0.0.1:" + echo.port() + "/ws",
                "--pairs",
                "5",
                "--rate",
                "400",
                "--warmup",
                "0",
                "--duration",
                "0.5",
                "--progress",
                "0",
                "--json",
                json.toString());
    JsonNode summary = new ObjectMapper().readTree(json.toFile());
    assertThat(status).as("summary %s", summary.toPrettyString()).isZero();
    assertThat(summary.at("/results/delivered").asLong())
        .isEqualTo(summary.at("/results/sent").asLong())
        .isPositive();
    assertThat(summary.at("/latency/echo_round_trip/count").asLong()).isPositive();
  }

  @Test
  void framesLargerThanTheSharedReadBufferComeBackWhole() throws IOException {
    Path json = dir.resolve("echo-large.json");
    int status =
        LoadMain.commandLine()
            .execute(
                "chat",
                "--target",
                "echo",
                "--url",
                "ws://127.0.0.1:" + echo.port() + "/ws",
                "--pairs",
                "1",
                "--rate",
                "20",
                "--warmup",
                "0",
                "--duration",
                "0.5",
                "--size",
                "200000",
                "--progress",
                "0",
                "--json",
                json.toString());
    JsonNode summary = new ObjectMapper().readTree(json.toFile());
    assertThat(status).as("summary %s", summary.toPrettyString()).isZero();
    assertThat(summary.at("/results/delivered").asLong())
        .isEqualTo(summary.at("/results/sent").asLong())
        .isPositive();
  }

  @Test
  void tooFewFileDescriptorsAreReportedWithTheUlimitToSet() {
    long[] limits = ProcStats.openFileLimits();
    if (limits[0] < 0 || limits[0] > 100_000_000L) {
      return; // not Linux, or no limit to cross
    }
    int status =
        LoadMain.commandLine()
            .execute(
                "idle",
                "--connections",
                Long.toString(limits[0] + 1),
                "--secret",
                SECRET,
                "--progress",
                "0");
    assertThat(status).isEqualTo(2);
  }
}
