package chat.gateway.load.scenario;

import chat.gateway.load.Client;
import chat.gateway.load.Harness;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * N authenticated connections that only send heartbeat Pings: the server's resident memory per
 * connection.
 */
@Command(
    name = "idle",
    mixinStandardHelpOptions = true,
    description =
        "Open N authenticated connections that only send heartbeat Pings; report the server's"
            + " resident memory per connection.")
public final class IdleScenario extends ScenarioCommand {

  @Option(names = "--connections", description = "Connections to hold (default 1000).")
  int connections = 1000;

  @Option(names = "--ping-interval", description = "Seconds between Pings (default 30).")
  double pingSeconds = 30;

  @Option(
      names = "--settle",
      description = "Seconds to wait after connecting before reading the server's RSS (default 5).")
  double settleSeconds = 5;

  @Option(
      names = "--server-gc",
      negatable = true,
      description =
          "Before each memory reading, ask the server for a full GC (jcmd GC.run) and read its used"
              + " heap (jcmd GC.heap_info), so the figures count live data (default true).")
  boolean serverGc = true;

  @Option(
      names = "--hold",
      description = "Seconds to hold the connections after that, pinging (default 35).")
  double holdSeconds = 35;

  @Override
  String name() {
    return "idle";
  }

  @Override
  long connections() {
    return connections;
  }

  @Override
  void run(Harness h) throws InterruptedException {
    requireUsersFor(h, connections);
    Histogram connect = new ConcurrentHistogram(3);
    List<Client> clients = new ArrayList<>(connections);
    Client.Listener listener = client -> connect.recordValue(micros(client));
    long pingNanos = (long) (pingSeconds * 1e9);
    for (int i = 0; i < connections; i++) {
      clients.add(new Client(h, i, h.user(i), listener).heartbeat(pingNanos));
    }
    boolean collected = serverGc && h.collectServerGarbage();
    long heapBefore = serverGc ? h.serverHeapUsed() : -1;
    long rssBefore = h.serverRss();
    h.progress(
        () ->
            f(
                "ready %d failed %d open %d unexpected-closes %d pings %d pongs %d",
                h.ready(),
                h.failed(),
                h.open(),
                h.unexpectedCloses(),
                h.counter("pings_sent"),
                h.counter("pongs")));
    long start = System.nanoTime();
    connectAll(h, clients, connectRate);
    long connectNanos = System.nanoTime() - start;
    long ready = h.ready();
    Thread.sleep((long) (settleSeconds * 1000));
    collected &= serverGc && h.collectServerGarbage();
    long heapAfter = serverGc ? h.serverHeapUsed() : -1;
    long rssAfter = h.serverRss();
    Thread.sleep((long) (holdSeconds * 1000));
    long pings = h.counter("pings_sent");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    awaitUntil(() -> h.counter("pongs") >= pings, deadline);
    long stillOpen = h.open();
    closeAll(h, clients);

    h.report.put("connections", (long) connections);
    h.report.put("ready", ready);
    h.report.put("failed_connects", h.failed());
    h.report.put("connect_seconds", seconds(connectNanos));
    h.report.put("connects_per_second", perSecond(ready, connectNanos));
    h.report.put("open_at_end_of_hold", stillOpen);
    h.report.put("unexpected_closes", h.unexpectedCloses());
    h.report.put("pings_sent", pings);
    h.report.put("pongs", h.counter("pongs"));
    if (rssBefore > 0 && rssAfter > 0) {
      h.report.put("server_rss_before_mib", rssBefore >> 20);
      h.report.put("server_rss_after_mib", rssAfter >> 20);
      h.report.put(
          "server_rss_per_connection_bytes", ready == 0 ? 0 : (rssAfter - rssBefore) / ready);
    }
    h.report.put("server_gc_before_readings", collected);
    if (heapBefore > 0 && heapAfter > 0) {
      h.report.put("server_heap_used_before_mib", heapBefore >> 20);
      h.report.put("server_heap_used_after_mib", heapAfter >> 20);
      h.report.put(
          "server_heap_per_connection_bytes", ready == 0 ? 0 : (heapAfter - heapBefore) / ready);
    }
    h.report.latency("connect_to_ready", connect);
    h.report.require(
        ready == connections,
        (connections - ready)
            + " connections never became ready (last close: "
            + h.lastCloseReason()
            + ")");
    h.report.require(
        h.unexpectedCloses() == 0,
        h.unexpectedCloses()
            + " connections closed during the hold (last: "
            + h.lastCloseReason()
            + ")");
    h.report.require(
        h.counter("pongs") >= pings,
        "pings went unanswered: " + pings + " sent, " + h.counter("pongs") + " pongs");
  }

  static long micros(Client client) {
    return Math.max(0, (client.readyNanos - client.intendedNanos) / 1000);
  }

  static double seconds(long nanos) {
    return Math.round(nanos / 1e6) / 1000.0;
  }
}
