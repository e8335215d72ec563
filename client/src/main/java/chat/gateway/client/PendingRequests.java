package chat.gateway.client;

import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerPayload;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests of one connection that wait for a reply, by seq. A reply completes its request when
 * it has the type the request expects; an Error with its seq fails it; the connection's end fails
 * them all. Thread-safe.
 */
final class PendingRequests {

  private static final System.Logger LOG = System.getLogger(PendingRequests.class.getName());

  private record Pending(FrameType expected, CompletableFuture<ServerPayload> reply) {}

  private final Map<Long, Pending> waiting = new ConcurrentHashMap<>();

  void add(long seq, FrameType expected, CompletableFuture<ServerPayload> reply) {
    waiting.put(seq, new Pending(expected, reply));
  }

  void remove(long seq) {
    waiting.remove(seq);
  }

  /** Completes the request {@code seq} with {@code reply}; false when none waits for it. */
  boolean complete(long seq, ServerPayload reply) {
    Pending pending = seq == 0 ? null : waiting.remove(seq);
    if (pending == null) {
      return false;
    }
    if (pending.expected() == reply.type()) {
      pending.reply().complete(reply);
    } else {
      LOG.log(Level.WARNING, "the gateway answered a request for {0} with {1}", pending, reply);
      pending
          .reply()
          .completeExceptionally(
              new IllegalStateException(
                  "the gateway answered with " + reply.type() + ", not " + pending.expected()));
    }
    return true;
  }

  /** Fails the request {@code seq}; false when none waits for it. */
  boolean fail(long seq, RuntimeException error) {
    Pending pending = seq == 0 ? null : waiting.remove(seq);
    if (pending == null) {
      return false;
    }
    pending.reply().completeExceptionally(error);
    return true;
  }

  /** Fails every waiting request with {@code error}. */
  void failAll(RuntimeException error) {
    List<Long> seqs = new ArrayList<>(waiting.keySet());
    for (long seq : seqs) {
      fail(seq, error);
    }
  }

  int size() {
    return waiting.size();
  }
}
