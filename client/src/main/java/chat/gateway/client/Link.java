package chat.gateway.client;

import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerPayload;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket connection, from the attempt to open it to its end: writes frames one at a time in
 * the order they were given (the JDK socket allows one outstanding send), keeps the requests that
 * wait for a reply, and ends once. {@link LinkListener} feeds it what arrives. A lost link stays
 * lost; connecting again makes a new one.
 */
final class Link {

  /**
   * Frames waiting to be written; beyond it a request fails at once instead of queueing. Room for a
   * full {@link Outbox} sent again after a reconnect, and as much again for the rest.
   */
  static final int MAX_QUEUED_WRITES = 2 * Outbox.MAX_UNACKED;

  private final FrameCodec codec;
  private final EventLoop events;
  private final LinkEvents handler;
  private final PendingRequests pending = new PendingRequests();
  private final CompletableFuture<UserId> authenticated = new CompletableFuture<>();
  private final CompletableFuture<Void> gone = new CompletableFuture<>();
  private volatile long lastFrameNanos = System.nanoTime();

  private WebSocket socket;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
  private int queued;
  private boolean lost;

  Link(FrameCodec codec, EventLoop events, LinkEvents handler) {
    this.codec = codec;
    this.events = events;
    this.handler = handler;
  }

  /** Completed with the user when the gateway accepts the token; failed otherwise. */
  CompletableFuture<UserId> authenticated() {
    return authenticated;
  }

  /** Completed when the link is lost, however that happened. */
  CompletableFuture<Void> gone() {
    return gone;
  }

  PendingRequests pending() {
    return pending;
  }

  /** When the last frame of any kind (data, ping, pong, close) arrived, in nanoTime. */
  long lastFrameNanos() {
    return lastFrameNanos;
  }

  /** A frame of any kind arrived. */
  void touch() {
    lastFrameNanos = System.nanoTime();
  }

  /** The socket opened; false when the link was lost meanwhile (the socket is then dropped). */
  boolean attach(WebSocket webSocket) {
    touch();
    synchronized (this) {
      socket = webSocket;
      if (!lost) {
        return true;
      }
    }
    webSocket.abort();
    return false;
  }

  synchronized boolean isLost() {
    return lost;
  }

  /** Writes {@code frame} after every frame given before it; completes when it is sent. */
  synchronized CompletableFuture<Void> write(ClientFrame frame) {
    if (lost || socket == null) {
      return CompletableFuture.failedFuture(
          new NotQueued("not connected: " + frame.type() + " not sent"));
    }
    if (queued >= MAX_QUEUED_WRITES) {
      return CompletableFuture.failedFuture(
          new NotQueued("send queue full: " + MAX_QUEUED_WRITES + " frames waiting"));
    }
    queued++;
    WebSocket ws = socket;
    ByteBuffer bytes = ByteBuffer.wrap(codec.encode(frame));
    CompletableFuture<Void> written =
        tail.handle((ignored, error) -> null)
            .thenCompose(ignored -> ws.sendBinary(bytes, true))
            .thenApply(ignored -> null);
    tail = written;
    written.whenComplete((ignored, error) -> afterWrite(error));
    return written;
  }

  /** Writes {@code frame} and waits for the reply of type {@code expected} carrying its seq. */
  CompletableFuture<ServerPayload> request(ClientFrame frame, FrameType expected) {
    CompletableFuture<ServerPayload> reply = new CompletableFuture<>();
    CompletableFuture<Void> written;
    synchronized (this) {
      // Registered before the write: the reply may be handled before write() returns.
      pending.add(frame.seq(), expected, reply);
      written = write(frame);
    }
    written.whenComplete(
        (ignored, error) -> {
          if (error != null) {
            pending.remove(frame.seq());
            reply.completeExceptionally(writeFailure(error));
          }
        });
    return reply;
  }

  /**
   * Sends a normal close after the frames already queued; {@link #gone()} tells when it ended.
   *
   * @return false when there was no open socket to close
   */
  synchronized boolean closeNormally(String reason) {
    if (lost || socket == null) {
      return false;
    }
    WebSocket ws = socket;
    tail =
        tail.handle((ignored, error) -> null)
            .thenCompose(ignored -> ws.sendClose(WebSocket.NORMAL_CLOSURE, reason))
            .thenApply(ignored -> null);
    return true;
  }

  /**
   * Marks the link lost, once: fails its waiting requests and its pending authentication with the
   * close, and drops the socket unless the gateway closed it (the JDK then answers the close).
   *
   * @return false when the link was already lost
   */
  boolean markLost(int code, String reason) {
    WebSocket ws;
    synchronized (this) {
      if (lost) {
        return false;
      }
      lost = true;
      ws = socket;
    }
    ConnectionClosedException closed = new ConnectionClosedException(code, reason);
    pending.failAll(closed);
    authenticated.completeExceptionally(closed);
    if (ws != null && !ws.isInputClosed()) {
      ws.abort();
    }
    gone.complete(null);
    return true;
  }

  /** The link refused to queue a frame: it never reached the socket. */
  static final class NotQueued extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NotQueued(String message) {
      super(message);
    }
  }

  /**
   * Why a request was not written: the link's own refusal to queue it stays as it is; a socket that
   * failed is a lost connection to the caller, whatever the JDK called it.
   */
  private static RuntimeException writeFailure(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    if (cause instanceof NotQueued refused) {
      return refused;
    }
    if (cause instanceof ConnectionClosedException closed) {
      return closed;
    }
    return new ConnectionClosedException(
        CloseAdvice.ABNORMAL_CLOSURE, "write failed: " + Failures.describe(cause));
  }

  private void afterWrite(Throwable error) {
    synchronized (this) {
      queued--;
    }
    if (error != null && !isLost()) {
      events.submit(
          () ->
              handler.linkLost(
                  this, CloseAdvice.ABNORMAL_CLOSURE, "write failed: " + Failures.describe(error)));
    }
  }
}
