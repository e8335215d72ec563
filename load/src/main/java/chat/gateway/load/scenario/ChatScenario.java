package chat.gateway.load.scenario;

import chat.gateway.load.Client;
import chat.gateway.load.Harness;
import java.util.ArrayList;
import java.util.List;
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
    runTraffic(h, clients, clients, perSender, 1);
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
