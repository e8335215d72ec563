package chat.gateway.load.scenario;

import chat.gateway.load.Client;
import chat.gateway.load.Harness;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Authenticated connects per second: connect, upgrade, Auth with a fresh HS256 token, AuthRsp. */
@Command(
    name = "storm",
    mixinStandardHelpOptions = true,
    description =
        "Open N connections as fast as --inflight allows (or at --connect-rate), each authenticating"
            + " with a freshly minted HS256 token; report authenticated connects per second.")
public final class StormScenario extends ScenarioCommand {

  @Option(names = "--connections", description = "Connections to open (default 10000).")
  int connections = 10_000;

  StormScenario() {
    connectRate = 0;
  }

  @Override
  String name() {
    return "storm";
  }

  @Override
  long connections() {
    return connections;
  }

  @Override
  void run(Harness h) throws InterruptedException {
    requireUsersFor(h, connections);
    Histogram latency = new ConcurrentHistogram(3);
    List<Client> clients = new ArrayList<>(connections);
    long[] lastReady = new long[1];
    Client.Listener listener =
        client -> {
          latency.recordValue(IdleScenario.micros(client));
          synchronized (lastReady) {
            lastReady[0] = Math.max(lastReady[0], client.readyNanos);
          }
        };
    for (int i = 0; i < connections; i++) {
      clients.add(new Client(h, i, h.user(i), listener));
    }
    h.progress(
        () ->
            f(
                "ready %d failed %d unexpected-closes %d",
                h.ready(), h.failed(), h.unexpectedCloses()));
    long start = System.nanoTime();
    connectAll(h, clients, connectRate);
    long ready = h.ready();
    long elapsed;
    synchronized (lastReady) {
      elapsed = lastReady[0] - start;
    }
    closeAll(h, clients);
    h.report.put("connections", (long) connections);
    h.report.put("ready", ready);
    h.report.put("failed_connects", h.failed());
    h.report.put("seconds", IdleScenario.seconds(elapsed));
    h.report.put("authenticated_connects_per_second", perSecond(ready, elapsed));
    h.report.put("inflight", (long) inflight);
    h.report.put("unexpected_closes", h.unexpectedCloses());
    h.report.latency(h.gateway() ? "connect_to_auth_rsp" : "connect_to_open", latency);
    h.report.require(
        ready == connections,
        (connections - ready)
            + " connections never became ready (last close: "
            + h.lastCloseReason()
            + ")");
    h.report.require(
        h.unexpectedCloses() == 0,
        h.unexpectedCloses()
            + " connections closed unexpectedly (last: "
            + h.lastCloseReason()
            + ")");
  }
}
