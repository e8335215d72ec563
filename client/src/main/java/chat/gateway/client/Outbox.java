package chat.gateway.client;

import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The chat messages sent and not yet acked, in the order they were sent. A message is written at
 * once when connected, else when the next connection is authenticated; a connection lost before its
 * ChatAck puts it back in line, and it goes out again, with the same {@code client_msg_id}, on the
 * next connection: the gateway stores it once and acks the same message id. A refusal (an Error
 * answering it) fails its future; so does the client's final close. Not thread-safe: confined to
 * the event thread.
 */
final class Outbox {

  /** Messages waiting for their ack; beyond it a send fails at once. */
  static final int MAX_UNACKED = 1_000;

  private static final class Entry {
    final ClientPayload.Chat chat;
    final CompletableFuture<ChatAck> result;
    Link sentOn;

    Entry(ClientPayload.Chat chat, CompletableFuture<ChatAck> result) {
      this.chat = chat;
      this.result = result;
    }
  }

  private final Map<String, Entry> unacked = new LinkedHashMap<>();
  private final EventLoop events;
  private final LongSupplier seqs;
  private final Consumer<ChatAck> acked;

  /**
   * @param acked told of each ChatAck before the sender's future completes
   */
  Outbox(EventLoop events, LongSupplier seqs, Consumer<ChatAck> acked) {
    this.events = events;
    this.seqs = seqs;
    this.acked = acked;
  }

  /**
   * Takes a message to send; writes it now on {@code connected}, or keeps it for the next
   * connection when that is null.
   */
  void add(ClientPayload.Chat chat, CompletableFuture<ChatAck> result, Link connected) {
    String key = chat.clientMsgId().orElseThrow();
    if (unacked.size() >= MAX_UNACKED) {
      result.completeExceptionally(
          new IllegalStateException(
              "send queue full: " + MAX_UNACKED + " messages wait for their ack"));
      return;
    }
    Entry entry = new Entry(chat, result);
    unacked.put(key, entry);
    if (connected != null) {
      write(entry, connected);
    }
  }

  /** Writes, in order, every message not written on {@code link} yet. */
  void flush(Link link) {
    for (Entry entry : List.copyOf(unacked.values())) {
      if (entry.sentOn == null) {
        write(entry, link);
      }
    }
  }

  /** Fails every waiting message: the client will not connect again. */
  void failAll(RuntimeException cause) {
    List<Entry> failed = new ArrayList<>(unacked.values());
    unacked.clear();
    for (Entry entry : failed) {
      entry.result.completeExceptionally(cause);
    }
  }

  private void write(Entry entry, Link link) {
    entry.sentOn = link;
    link.request(new ClientFrame(seqs.getAsLong(), entry.chat), FrameType.CHAT_ACK)
        .whenComplete((reply, error) -> events.run(() -> answered(entry, link, reply, error)));
  }

  private void answered(Entry entry, Link link, ServerPayload reply, Throwable error) {
    String key = entry.chat.clientMsgId().orElseThrow();
    if (unacked.get(key) != entry) {
      return;
    }
    if (error == null) {
      unacked.remove(key);
      ChatAck ack = (ChatAck) reply;
      acked.accept(ack);
      entry.result.complete(ack);
      return;
    }
    Throwable cause = Failures.unwrap(error);
    if (cause instanceof ConnectionClosedException) {
      // Maybe stored, maybe not: the next connection sends it again and the gateway knows.
      if (entry.sentOn == link) {
        entry.sentOn = null;
      }
      return;
    }
    unacked.remove(key);
    entry.result.completeExceptionally(cause);
  }
}
