package chat.gateway.load.scenario;

import chat.gateway.codec.Decoded;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.Message;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.load.Client;
import chat.gateway.load.Harness;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Open-loop 1:1 message traffic: each sending client sends Chats on a schedule set by the clock (a
 * late send keeps its intended time, so a stall shows in the latency instead of slowing the load:
 * no coordinated omission), and each receiving client matches the ChatPushes to the sender's {@link
 * Ledger} by {@code client_msg_id} ({@code <run>-<k>}). Latencies are taken from the intended send
 * time, in microseconds.
 */
final class Traffic {

  /** Seqs of Chats: BASE + k. */
  static final long CHAT_SEQ = 1_000;

  /** Seq of the receivers' delivered Acks. */
  static final long ACK_SEQ = 2;

  private static final FrameCodec CODEC = new FrameCodec();

  /** Per client: what it sends, and whose messages it receives. */
  static final class Peer {
    Ledger ledger;
    long toUser;
    long intervalNanos;
    long nextNanos;
    Ledger source;
    int slot;
    long sourceUser;
  }

  final Harness h;
  final String runId = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  final String content;
  final boolean ackDelivered;
  final Histogram ackLatency = new ConcurrentHistogram(3);
  final Histogram pushLatency = new ConcurrentHistogram(3);
  final Histogram sendLag = new ConcurrentHistogram(3);
  final LongAdder sent = new LongAdder();
  final LongAdder acks = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder measuredDelivered = new LongAdder();
  final LongAdder stale = new LongAdder();
  final LongAdder chatErrors = new LongAdder();
  volatile long lastMeasuredDelivery;
  volatile String lastError = "";
  long measureStart;
  long sendEnd;

  Traffic(Harness h, int contentBytes, boolean ackDelivered) {
    this.h = h;
    this.ackDelivered = ackDelivered;
    StringBuilder text = new StringBuilder(contentBytes);
    String words = "load test message from the chat gateway generator ";
    while (text.length() < contentBytes) {
      text.append(words.charAt(text.length() % words.length()));
    }
    this.content = text.toString();
  }

  static Peer peer(Client client) {
    if (client.state == null) {
      client.state = new Peer();
    }
    return (Peer) client.state;
  }

  /**
   * Starts {@code client}'s schedule: {@code rate} messages/s from a random phase until sendEnd.
   */
  void startSending(Client client, double rate) {
    Peer p = peer(client);
    p.intervalNanos = (long) (1e9 / rate);
    p.nextNanos =
        System.nanoTime() + ThreadLocalRandom.current().nextLong(Math.max(1, p.intervalNanos));
    client.connection().loop().at(p.nextNanos, () -> sendDue(client));
  }

  private void sendDue(Client client) {
    Peer p = peer(client);
    if (client.closed) {
      return;
    }
    long now = System.nanoTime();
    while (p.nextNanos - now <= 0 && p.nextNanos - sendEnd < 0 && !p.ledger.full()) {
      int k = p.ledger.sent;
      long intended = p.nextNanos;
      p.ledger.intended[k] = intended;
      p.ledger.sent++;
      String id = runId + "-" + k;
      ClientPayload.Chat chat = new ClientPayload.Chat(p.toUser, "text", content, Optional.of(id));
      client.sendRaw(CODEC.encode(new ClientFrame(CHAT_SEQ + k, chat)));
      sent.increment();
      sendLag.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
      p.nextNanos += p.intervalNanos;
    }
    if (p.nextNanos - sendEnd < 0 && !p.ledger.full()) {
      client.connection().loop().at(p.nextNanos, () -> sendDue(client));
    }
  }

  /** A frame from the gateway to {@code client}. */
  void frame(Client client, ServerFrame frame) {
    Peer p = peer(client);
    switch (frame.payload()) {
      case ServerPayload.ChatAck ack -> {
        int k = (int) (frame.seq() - CHAT_SEQ);
        if (p.ledger != null && p.ledger.ack(k)) {
          acks.increment();
          long intended = p.ledger.intended[k];
          if (intended - measureStart >= 0) {
            ackLatency.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
          }
        }
      }
      case ServerPayload.ChatPush push -> {
        Message m = push.message();
        if (received(client, p, m.from().value(), m.clientMsgId()) && ackDelivered) {
          client.send(ACK_SEQ, new ClientPayload.Ack(m.id().value(), "delivered"));
        }
      }
      case ServerPayload.Error error -> {
        if (frame.seq() >= CHAT_SEQ) {
          chatErrors.increment();
          lastError = error.code() + " " + error.message();
        }
      }
      default -> h.count("other_frames");
    }
  }

  /** An echoed frame: the client's own Chat back. */
  void echo(Client client, byte[] data, int offset, int length) {
    Decoded<ClientFrame> decoded = CODEC.decodeClient(data, offset, length);
    if (decoded instanceof Decoded.Ok<ClientFrame> ok
        && ok.frame().payload() instanceof ClientPayload.Chat chat) {
      Peer p = peer(client);
      received(client, p, p.sourceUser, chat.clientMsgId());
    } else {
      h.count("undecodable_echoes");
    }
  }

  private boolean received(Client client, Peer p, long from, Optional<String> clientMsgId) {
    String id = clientMsgId.orElse("");
    int dash = id.indexOf('-');
    if (p.source == null || from != p.sourceUser || dash < 0 || !id.startsWith(runId + "-")) {
      stale.increment();
      return true;
    }
    int k;
    try {
      k = Integer.parseInt(id, dash + 1, id.length(), 10);
    } catch (NumberFormatException e) {
      stale.increment();
      return true;
    }
    if (!p.source.deliver(p.slot, k)) {
      return true;
    }
    delivered.increment();
    long intended = p.source.intended[k];
    if (intended - measureStart >= 0) {
      long now = System.nanoTime();
      pushLatency.recordValue(Math.max(0, (now - intended) / 1000));
      measuredDelivered.increment();
      lastMeasuredDelivery = now;
    }
    return true;
  }
}
