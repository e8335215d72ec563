package chat.gateway.load.scenario;

import chat.gateway.load.Client;
import chat.gateway.load.Harness;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Pairs of users exchanging 1:1 messages at a target rate; against echo, frames bounced back. */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description =
        "Pairs of users exchange 1:1 messages at --rate (open loop); report delivered/s, ChatAck and"
            + " push latency, lost and duplicated messages (non-zero fails the run). With --target"
            + " echo every client sends the same Chat frames to the echo server and times the"
            + " round trip: the raw ceiling.")
public final class ChatScenario extends TrafficScenario {

  @Option(names = "--pairs", description = "Pairs of users (default 100): 2 connections each.")
  int pairs = 100;

  @Option(
      names = "--ack",
      negatable = true,
      description =
          "Receivers acknowledge each push as delivered, as real clients do (default true).")
  boolean ack = true;

  @Option(
      names = "--stalled",
      description =
          "Also connect this many stalled readers (default 0): a second device of each of the"
              + " first users that stops reading once authenticated. The gateway must close each"
              + " as a slow consumer, and the others' latency should not move.")
  int stalled;

  @Override
  String name() {
    return "chat";
  }

  @Override
  long connections() {
    return 2L * pairs;
  }

  @Override
  void run(Harness h) throws InterruptedException {
    if (h.gateway() && 2L * pairs > h.userCount()) {
      throw new IllegalArgumentException(
          "--pairs "
              + pairs
              + " needs "
              + 2L * pairs
              + " users, --users holds "
              + h.userCount()
              + "; widen --users and the gateway's GATEWAY_USERS");
    }
    double perSender = rate / (2.0 * pairs);
    double framesPerSecond = perSender * (ack && h.gateway() ? 2 : 1);
    if (h.gateway() && framesPerSecond > 45) {
      out.printf(
          "load: warning: each connection sends %.0f frames/s, near or above the gateway's default"
              + " rate limit (50/s, GATEWAY_RATE_LIMIT): use more --pairs%n",
          framesPerSecond);
    }
    traffic = new Traffic(h, contentBytes, ack && h.gateway());
    List<Client> clients = new ArrayList<>(2 * pairs);
    Client.Listener listener = listener();
    for (int i = 0; i < 2 * pairs; i++) {
      Client c = new Client(h, i, h.user(i), listener);
      c.loopKey = i / 2;
      clients.add(c);
    }
    for (int i = 0; i < 2 * pairs; i++) {
      Traffic.peer(clients.get(i)).toUser = clients.get(i ^ 1).user;
    }
    h.report.put("pairs", (long) pairs);
    h.report.put("ack_delivered", ack && h.gateway());
    List<Client> stalledClients = connectStalled(h);
    runTraffic(h, clients, clients, perSender, 1);
    if (!stalledClients.isEmpty()) {
      reportStalled(h, stalledClients);
    }
  }

  private List<Client> connectStalled(Harness h) throws InterruptedException {
    if (stalled == 0) {
      return List.of();
    }
    if (!h.gateway() || stalled > 2 * pairs) {
      throw new IllegalArgumentException(
          "--stalled needs --target gateway and at most 2 × --pairs");
    }
    List<Client> stalledClients = new ArrayList<>(stalled);
    for (int i = 0; i < stalled; i++) {
      Client c = new Client(h, 2L * pairs + i, h.user(i), client -> {});
      c.stall = true;
      stalledClients.add(c);
    }
    connectAll(h, stalledClients, connectRate);
    return stalledClients;
  }

  /**
   * Reads the stalled readers' sockets again: what the gateway sent them before it gave up, then
   * the end of the connection, if it closed them. Counts those it closed.
   */
  private static void reportStalled(Harness h, List<Client> stalledClients)
      throws InterruptedException {
    h.closing();
    for (Client c : stalledClients) {
      if (c.connection() != null) {
        c.connection().loop().execute(() -> c.connection().resumeReading());
      }
    }
    awaitUntil(
        () -> stalledClients.stream().allMatch(c -> c.closed),
        System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    long closedByGateway = stalledClients.stream().filter(c -> c.closed).count();
    closeAll(h, stalledClients);
    h.report.put("stalled_readers", (long) stalledClients.size());
    h.report.put("stalled_closed_by_gateway", closedByGateway);
    h.report.require(
        closedByGateway == stalledClients.size(),
        (stalledClients.size() - closedByGateway)
            + " stalled readers were still open at the end: the gateway never closed them");
  }

  @Override
  void wireSources(List<Client> clients) {
    for (int i = 0; i < clients.size(); i++) {
      Client self = clients.get(i);
      // Against the gateway a client receives its partner's messages; against echo its own.
      Client from =
          options.target == chat.gateway.load.LoadOptions.Target.echo ? self : clients.get(i ^ 1);
      Traffic.Peer p = Traffic.peer(self);
      p.source = Traffic.peer(from).ledger;
      p.slot = 0;
      p.sourceUser = from.user;
    }
  }
}
