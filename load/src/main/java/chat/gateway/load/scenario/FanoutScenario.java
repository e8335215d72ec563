package chat.gateway.load.scenario;

import chat.gateway.load.Client;
import chat.gateway.load.Harness;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One user's devices on different gateway URLs (instances): each message must reach them all. */
@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    description =
        "Each group: a receiving user with --devices connections, device i on URL i mod n (give"
            + " one URL per instance), and a sender on the first URL; every message must reach"
            + " every device. Reports per-delivery latency, lost and duplicated deliveries.")
public final class FanoutScenario extends TrafficScenario {

  @Option(names = "--groups", description = "Sender/receiver user pairs (default 1).")
  int groups = 1;

  @Option(
      names = "--devices",
      description = "Connections of each receiving user (default 3, the gateway's per-user cap).")
  int devices = 3;

  FanoutScenario() {
    rate = 20;
  }

  @Override
  String name() {
    return "fanout";
  }

  @Override
  long connections() {
    return (long) groups * (devices + 1);
  }

  @Override
  void run(Harness h) throws InterruptedException {
    if (!h.gateway()) {
      throw new IllegalArgumentException("fanout needs --target gateway");
    }
    if (2L * groups > h.userCount()) {
      throw new IllegalArgumentException(
          "--groups " + groups + " needs " + 2L * groups + " users; widen --users");
    }
    double perSender = rate / groups;
    if (perSender > 45) {
      out.printf(
          "load: warning: each sender sends %.0f messages/s, near or above the gateway's default"
              + " rate limit (50/s): use more --groups%n",
          perSender);
    }
    traffic = new Traffic(h, contentBytes, false);
    List<Client> clients = new ArrayList<>();
    List<Client> senders = new ArrayList<>();
    Client.Listener listener = listener();
    long index = 0;
    for (int g = 0; g < groups; g++) {
      long senderUser = h.user(2L * g);
      long receiverUser = h.user(2L * g + 1);
      Client sender = new Client(h, index++, senderUser, listener);
      sender.loopKey = g;
      sender.urlIndex = 0;
      Traffic.peer(sender).toUser = receiverUser;
      senders.add(sender);
      clients.add(sender);
      for (int d = 0; d < devices; d++) {
        Client device = new Client(h, index++, receiverUser, listener);
        device.loopKey = g;
        device.urlIndex = d;
        Traffic.Peer p = Traffic.peer(device);
        p.slot = d;
        p.sourceUser = senderUser;
        device.state = p;
        clients.add(device);
      }
    }
    h.report.put("groups", (long) groups);
    h.report.put("devices", (long) devices);
    h.report.put("instances", (long) h.targets());
    runTraffic(h, clients, senders, perSender, devices);
  }

  @Override
  void wireSources(List<Client> clients) {
    Ledger current = null;
    for (Client c : clients) {
      Traffic.Peer p = Traffic.peer(c);
      if (p.ledger != null) {
        current = p.ledger;
      } else {
        p.source = current;
      }
    }
  }
}
