package chat.gateway.load.scenario;

import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.load.Client;
import chat.gateway.load.GatewayMetricsScrape;
import chat.gateway.load.Harness;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** chat and fanout: open-loop message traffic between connected clients, fully accounted. */
abstract class TrafficScenario extends ScenarioCommand {

  @Option(names = "--rate", description = "Messages sent per second, all senders together.")
  double rate = 1000;

  @Option(names = "--duration", description = "Seconds measured after the warm-up (default 30).")
  double durationSeconds = 30;

  @Option(
      names = "--warmup",
      description =
          "Seconds of traffic before measuring; accounted, not in the figures (default 5).")
  double warmupSeconds = 5;

  @Option(names = "--size", description = "Bytes of text content per message (default 100).")
  int contentBytes = 100;

  @Option(
      names = "--drain",
      description = "Seconds to wait after the last send for the last deliveries (default 10).")
  double drainSeconds = 10;

  @Option(
      names = "--metrics-url",
      description =
          "The gateway's /metrics (e.g. http://127.0.0.1:9090/metrics): scraped when the measured"
              + " window starts and when its sends end, to report the gateway's own delivered"
              + " rate and chat push delay beside the tool's.")
  URI metricsUrl;

  Traffic traffic;

  Client.Listener listener() {
    return new Client.Listener() {
      @Override
      public void ready(Client client) {}

      @Override
      public void frame(Client client, ServerFrame frame) {
        traffic.frame(client, frame);
      }

      @Override
      public void echo(Client client, byte[] data, int offset, int length) {
        traffic.echo(client, data, offset, length);
      }
    };
  }

  /**
   * Connects {@code clients}, runs {@code senders} at {@code perSender} messages/s each for the
   * warm-up and the duration, drains, and reports; each message is expected {@code copies} times.
   */
  void runTraffic(
      Harness h, List<Client> clients, List<Client> senders, double perSender, int copies)
      throws InterruptedException {
    int capacity = (int) Math.ceil(perSender * (warmupSeconds + durationSeconds)) + 2;
    for (Client sender : senders) {
      Traffic.peer(sender).ledger = new Ledger(capacity, copies);
    }
    wireSources(clients);
    long connectStart = System.nanoTime();
    connectAll(h, clients, connectRate);
    long connectNanos = System.nanoTime() - connectStart;
    h.report.put("connections", (long) clients.size());
    h.report.put("ready", h.ready());
    h.report.put("connect_seconds", IdleScenario.seconds(connectNanos));
    if (h.ready() < clients.size()) {
      h.report.fail(
          (clients.size() - h.ready())
              + " connections never became ready (last close: "
              + h.lastCloseReason()
              + ")");
      closeAll(h, clients);
      return;
    }
    if (metricsUrl != null && scrape(h).isEmpty()) {
      closeAll(h, clients);
      return;
    }
    long start = System.nanoTime();
    traffic.measureStart = start + (long) (warmupSeconds * 1e9);
    traffic.sendEnd = traffic.measureStart + (long) (durationSeconds * 1e9);
    long[] last = {0, start};
    h.progress(
        () -> {
          long now = System.nanoTime();
          long delivered = traffic.delivered.sum();
          double interval = perSecond(delivered - last[0], now - last[1]);
          last[0] = delivered;
          last[1] = now;
          return f(
              "sent %d acked %d delivered %d (%.0f/s) push p99 %.1f ms errors %d open %d",
              traffic.sent.sum(),
              traffic.acks.sum(),
              delivered,
              interval,
              traffic.pushLatency.getValueAtPercentile(99) / 1000.0,
              traffic.chatErrors.sum(),
              h.open());
        });
    for (Client sender : senders) {
      sender.connection().loop().execute(() -> traffic.startSending(sender, perSender));
    }
    Optional<GatewayMetricsScrape> windowStart = Optional.empty();
    if (metricsUrl != null) {
      parkUntil(traffic.measureStart);
      windowStart = scrape(h);
    }
    parkUntil(traffic.sendEnd);
    Optional<GatewayMetricsScrape> windowEnd =
        windowStart.isPresent() ? scrape(h) : Optional.empty();
    long expectedCopies = (long) copies;
    long drainDeadline = System.nanoTime() + (long) (drainSeconds * 1e9);
    awaitUntil(
        () ->
            traffic.delivered.sum() >= traffic.sent.sum() * expectedCopies
                && (!h.gateway() || traffic.acks.sum() >= traffic.sent.sum()),
        drainDeadline);
    // Let stray duplicates arrive before counting.
    Thread.sleep(200);
    long unexpected = h.unexpectedCloses();
    closeAll(h, clients);
    report(h, senders, perSender, copies, unexpected);
    if (windowStart.isPresent() && windowEnd.isPresent()) {
      windowEnd.get().since(windowStart.get()).forEach(h.report::put);
    }
  }

  /**
   * The gateway's metrics now; empty, and the run failed, when they cannot be read. The first call,
   * before the traffic, checks the URL and warms the HTTP client so the window's scrapes are quick.
   */
  private Optional<GatewayMetricsScrape> scrape(Harness h) throws InterruptedException {
    try {
      return Optional.of(GatewayMetricsScrape.of(metricsUrl));
    } catch (IOException e) {
      h.report.fail("cannot scrape --metrics-url " + metricsUrl + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Sets each receiving client's source ledger, slot and sender user. */
  abstract void wireSources(List<Client> clients);

  private void report(
      Harness h, List<Client> senders, double perSender, int copies, long unexpected) {
    long sent = 0;
    long acked = 0;
    long duplicates = 0;
    long lost = 0;
    long deliveredUnique = 0;
    for (Client sender : senders) {
      Ledger l = Traffic.peer(sender).ledger;
      sent += l.sent;
      acked += l.ackedCount;
      duplicates += l.duplicates;
      lost += l.lost();
      deliveredUnique += l.deliveredCount();
    }
    long measuredNanos = traffic.lastMeasuredDelivery - traffic.measureStart;
    long measuredSent = 0;
    for (Client sender : senders) {
      Ledger l = Traffic.peer(sender).ledger;
      for (int k = 0; k < l.sent; k++) {
        if (l.intended[k] - traffic.measureStart >= 0) {
          measuredSent++;
        }
      }
    }
    h.report.put("senders", (long) senders.size());
    h.report.put("target_rate_per_second", rate);
    h.report.put("rate_per_sender", Math.round(perSender * 100) / 100.0);
    h.report.put("copies_per_message", (long) copies);
    h.report.put("content_bytes", (long) contentBytes);
    h.report.put("warmup_seconds", warmupSeconds);
    h.report.put("duration_seconds", durationSeconds);
    h.report.put("sent", sent);
    h.report.put(
        "sent_per_second_measured", perSecond(measuredSent, (long) (durationSeconds * 1e9)));
    if (h.gateway()) {
      h.report.put("acked", acked);
    }
    h.report.put("delivered", deliveredUnique);
    h.report.put(
        "delivered_per_second",
        perSecond(traffic.measuredDelivered.sum(), Math.max(measuredNanos, 1)));
    h.report.put("lost", lost);
    h.report.put("duplicated", duplicates);
    h.report.put("chat_errors", traffic.chatErrors.sum());
    h.report.put("stale_pushes_from_earlier_runs", traffic.stale.sum());
    h.report.put("unexpected_closes", unexpected);
    if (h.gateway()) {
      h.report.latency("chat_ack", traffic.ackLatency);
      h.report.latency("push", traffic.pushLatency);
    } else {
      h.report.latency("echo_round_trip", traffic.pushLatency);
    }
    h.report.latency("generator_send_lag", traffic.sendLag);
    h.report.require(sent > 0, "nothing was sent");
    h.report.require(lost == 0, lost + " messages lost (never delivered)");
    h.report.require(duplicates == 0, duplicates + " messages delivered twice");
    h.report.require(!h.gateway() || acked == sent, (sent - acked) + " messages without a ChatAck");
    h.report.require(
        traffic.chatErrors.sum() == 0,
        traffic.chatErrors.sum() + " Chats answered with Error (last: " + traffic.lastError + ")");
    h.report.require(
        unexpected == 0,
        unexpected + " connections closed during the run (last: " + h.lastCloseReason() + ")");
  }

  static long nanos(double seconds) {
    return TimeUnit.MILLISECONDS.toNanos((long) (seconds * 1000));
  }
}
