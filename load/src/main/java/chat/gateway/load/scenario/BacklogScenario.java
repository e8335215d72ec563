package chat.gateway.load.scenario;

import chat.gateway.domain.Message;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.load.Client;
import chat.gateway.load.Harness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One user receives a backlog while offline, then logs in: how long until all of it arrived, and
 * whether any of it arrived twice.
 */
@Command(
    name = "backlog",
    mixinStandardHelpOptions = true,
    description =
        "Senders store --messages messages for a user who is offline; the user then logs in and"
            + " reads the login push (and, with --sync, the catch-up sync pages). Reports the time"
            + " until every message arrived and the duplicates (non-zero fails the run).")
public final class BacklogScenario extends ScenarioCommand {

  @Option(names = "--messages", description = "Messages in the backlog (default 10000).")
  int messages = 10_000;

  @Option(names = "--senders", description = "Sending connections (default 50).")
  int senders = 50;

  @Option(
      names = "--sender-rate",
      description =
          "Messages/s per sender (default 40, under the gateway's default rate limit of 50/s).")
  double senderRate = 40;

  @Option(
      names = "--receiver",
      description = "The receiving user id (default: the first of --users).")
  Long receiver;

  @Option(
      names = "--sync",
      description =
          "Reconnect as the client library does: the receiver first holds one message (it sends"
              + " one before going offline), then logs in with that id as its Auth resume point"
              + " and catches up with SyncReq pages after it; a message got both ways counts as"
              + " duplicated.")
  boolean sync;

  @Option(names = "--timeout", description = "Seconds to wait for the whole backlog (default 60).")
  long timeoutSeconds = 60;

  @Override
  String name() {
    return "backlog";
  }

  @Override
  long connections() {
    return senders + 1L;
  }

  @Override
  void run(Harness h) throws InterruptedException {
    if (!h.gateway()) {
      throw new IllegalArgumentException("backlog needs --target gateway");
    }
    if (senders + 1L > h.userCount()) {
      throw new IllegalArgumentException("--senders " + senders + " needs more --users");
    }
    long receiverUser = receiver != null ? receiver : h.user(0);
    long held = 0;
    if (sync) {
      held = holdOneMessage(h, receiverUser);
      if (held == 0) {
        return;
      }
    }
    Traffic traffic = new Traffic(h, 100, false);
    List<Client> senderClients = new ArrayList<>(senders);
    Map<Long, Ledger> bySender = new HashMap<>();
    Client.Listener senderListener =
        new Client.Listener() {
          @Override
          public void ready(Client client) {}

          @Override
          public void frame(Client client, ServerFrame frame) {
            traffic.frame(client, frame);
          }
        };
    long index = 1;
    for (int s = 0; s < senders; s++) {
      long user = h.user(index);
      if (user == receiverUser) {
        user = h.user(++index);
      }
      Client c = new Client(h, index++, user, senderListener);
      c.loopKey = 0;
      int count = messages / senders + (s < messages % senders ? 1 : 0);
      Traffic.Peer p = Traffic.peer(c);
      p.ledger = new Ledger(count, 1);
      p.toUser = receiverUser;
      bySender.put(user, p.ledger);
      senderClients.add(c);
    }
    h.progress(
        () ->
            f(
                "stored %d of %d, received %d, duplicates %d",
                traffic.acks.sum(), messages, received.get(), duplicates()));
    connectAll(h, senderClients, connectRate);
    if (h.ready() < senders) {
      h.report.fail("senders could not connect (last close: " + h.lastCloseReason() + ")");
      closeAll(h, senderClients);
      return;
    }
    long sendStart = System.nanoTime();
    traffic.measureStart = sendStart;
    traffic.sendEnd = sendStart + TimeUnit.DAYS.toNanos(1);
    for (Client c : senderClients) {
      c.connection().loop().execute(() -> traffic.startSending(c, senderRate));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    boolean stored = awaitUntil(() -> traffic.acks.sum() >= messages, deadline);
    long storeNanos = System.nanoTime() - sendStart;
    closeAll(h, senderClients);
    h.report.put("messages", (long) messages);
    h.report.put("senders", (long) senders);
    h.report.put("receiver", receiverUser);
    h.report.put("stored_acked", traffic.acks.sum());
    h.report.put("store_seconds", IdleScenario.seconds(storeNanos));
    if (!stored) {
      h.report.fail("only " + traffic.acks.sum() + " of " + messages + " were acked in time");
      return;
    }
    ledgers = bySender;
    runId = traffic.runId;
    Client receiverClient = new Client(h, 0, receiverUser, new ReceiverListener());
    receiverClient.loopKey = 0;
    long loginStart = System.nanoTime();
    receiverClient.intendedNanos = loginStart;
    receiverClient.resumeAfter = held;
    h.open(receiverClient, 0);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    boolean all = awaitUntil(() -> received.get() >= messages, deadline);
    Thread.sleep(sync ? 1000 : 300);
    long doneNanos = lastNew - loginStart;
    closeAll(h, List.of(receiverClient));
    h.report.put("received", received.get());
    h.report.put("duplicated", duplicates());
    h.report.put("via_login_push", viaPush[0]);
    h.report.put("via_sync", viaSync[0]);
    h.report.put("sync_pages", syncPages[0]);
    h.report.put("stale_from_earlier_runs", stale[0]);
    h.report.put("auth_rsp_ms", Math.round((authNanos - loginStart) / 1e3) / 1000.0);
    h.report.put("login_to_all_received_ms", all ? Math.round(doneNanos / 1e3) / 1000.0 : -1.0);
    h.report.put("messages_per_second_at_login", all ? perSecond(messages, doneNanos) : 0.0);
    h.report.require(all, "only " + received.get() + " of " + messages + " arrived");
    h.report.require(duplicates() == 0, duplicates() + " messages arrived twice");
  }

  private Map<Long, Ledger> ledgers;
  private String runId;
  private final AtomicLong received = new AtomicLong();
  private final long[] viaPush = {0};
  private final long[] viaSync = {0};
  private final long[] syncPages = {0};
  private final long[] stale = {0};
  private volatile long lastNew;
  private volatile long authNanos;

  /**
   * Connects the receiver before the backlog and has it send one message, whose id it then holds
   * (as a reconnecting client holds the newest message it has); 0 when that failed (the run is
   * failed).
   */
  private long holdOneMessage(Harness h, long receiverUser) throws InterruptedException {
    // To a user who is neither the receiver nor a sender, so no sender's ledger sees it.
    long to = h.user(h.userCount() - 1);
    if (to == receiverUser || senders + 2L > h.userCount()) {
      throw new IllegalArgumentException("--sync needs more --users than --senders + 2");
    }
    AtomicLong id = new AtomicLong();
    Client before =
        new Client(
            h,
            0,
            receiverUser,
            new Client.Listener() {
              @Override
              public void ready(Client client) {
                client.send(
                    2,
                    new ClientPayload.Chat(to, "text", "before going offline", Optional.empty()));
              }

              @Override
              public void frame(Client client, ServerFrame frame) {
                if (frame.payload() instanceof ServerPayload.ChatAck ack) {
                  id.set(ack.messageId().value());
                }
              }
            });
    before.loopKey = 0;
    h.open(before, 0);
    boolean acked =
        awaitUntil(() -> id.get() != 0, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
    closeAll(h, List.of(before));
    if (!acked) {
      h.report.fail("the receiver could not store a message before going offline");
      return 0;
    }
    h.report.put("resume_point", id.get());
    return id.get();
  }

  private long duplicates() {
    long n = 0;
    if (ledgers != null) {
      for (Ledger l : ledgers.values()) {
        n += l.duplicates;
      }
    }
    return n;
  }

  private final class ReceiverListener implements Client.Listener {
    @Override
    public void ready(Client client) {
      authNanos = client.readyNanos;
      if (sync) {
        client.send(10, new ClientPayload.SyncReq(client.resumeAfter, 0));
      }
    }

    @Override
    public void frame(Client client, ServerFrame frame) {
      switch (frame.payload()) {
        case ServerPayload.ChatPush push -> {
          if (take(push.message())) {
            viaPush[0]++;
          }
        }
        case ServerPayload.SyncRsp page -> {
          syncPages[0]++;
          long lastId = 0;
          for (Message m : page.messages()) {
            if (take(m)) {
              viaSync[0]++;
            }
            lastId = m.id().value();
          }
          if (page.hasMore() && lastId != 0) {
            client.send(10 + syncPages[0], new ClientPayload.SyncReq(lastId, 0));
          }
        }
        default -> {}
      }
    }

    /** True for a new message of this run. */
    private boolean take(Message m) {
      String id = m.clientMsgId().orElse("");
      Ledger ledger = ledgers.get(m.from().value());
      if (ledger == null || !id.startsWith(runId + "-")) {
        stale[0]++;
        return false;
      }
      int k;
      try {
        k = Integer.parseInt(id.substring(runId.length() + 1));
      } catch (NumberFormatException e) {
        stale[0]++;
        return false;
      }
      if (!ledger.deliver(0, k)) {
        return false;
      }
      received.incrementAndGet();
      lastNew = System.nanoTime();
      return true;
    }
  }
}
