package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.codec.Decoded;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) speaking the gateway's MessagePack frames, for end-to-end
 * tests. Frames are collected in arrival order; {@link #await} takes the first matching one and
 * keeps the others for later calls.
 */
final class TestClient implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);

  private static final FrameCodec CODEC = new FrameCodec();
  private static final HttpClient SHARED = HttpClient.newHttpClient();

  private final WebSocket socket;
  private final Listener listener;
  private final AtomicLong seq = new AtomicLong();

  private TestClient(WebSocket socket, Listener listener) {
    this.socket = socket;
    this.listener = listener;
  }

  static TestClient connect(URI uri) {
    return connect(SHARED, uri, Map.of());
  }

  static TestClient connect(HttpClient http, URI uri, Map<String, String> headers) {
    Listener listener = new Listener();
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
    headers.forEach(builder::header);
    WebSocket socket = builder.buildAsync(uri, listener).orTimeout(10, TimeUnit.SECONDS).join();
    return new TestClient(socket, listener);
  }

  /** Sends a request with the next seq and returns that seq. */
  long send(ClientPayload payload) {
    long next = seq.incrementAndGet();
    send(new ClientFrame(next, payload));
    return next;
  }

  void send(ClientFrame frame) {
    sendBytes(CODEC.encode(frame));
  }

  void sendBytes(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(10, TimeUnit.SECONDS).join();
  }

  void sendText(String text) {
    socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Authenticates and returns the AuthRsp. */
  ServerPayload.AuthRsp auth(String token) {
    long request = send(new ClientPayload.Auth(token));
    ServerFrame reply = await(FrameType.AUTH_RSP);
    assertThat(reply.seq()).isEqualTo(request);
    return (ServerPayload.AuthRsp) reply.payload();
  }

  /** The first frame of {@code type} to arrive (now or within {@link #WAIT}). */
  ServerFrame await(FrameType type) {
    return await(frame -> frame.type() == type, type.name());
  }

  /** The first frame matching {@code match} to arrive (now or within {@link #WAIT}). */
  ServerFrame await(Predicate<ServerFrame> match, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      synchronized (listener.kept) {
        for (int i = 0; i < listener.kept.size(); i++) {
          if (match.test(listener.kept.get(i))) {
            return listener.kept.remove(i);
          }
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + what + " within " + WAIT + "; got " + frames());
      }
      try {
        ServerFrame next = listener.incoming.poll(Math.min(left, 50_000_000), TimeUnit.NANOSECONDS);
        if (next != null) {
          synchronized (listener.kept) {
            listener.kept.add(next);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Asserts that no frame matching {@code match} arrives within {@code quiet}. */
  void expectNone(Predicate<ServerFrame> match, Duration quiet) {
    long deadline = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < deadline) {
      drainIncoming();
      synchronized (listener.kept) {
        for (ServerFrame frame : listener.kept) {
          assertThat(match.test(frame)).as("unexpected frame %s", frame).isFalse();
        }
      }
      sleep(Duration.ofMillis(20));
    }
  }

  /** Every frame received and not yet taken by {@link #await}. */
  List<ServerFrame> frames() {
    drainIncoming();
    synchronized (listener.kept) {
      return new ArrayList<>(listener.kept);
    }
  }

  /** The close code the server sent, waiting for it. */
  int awaitClose() {
    return listener.closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().code();
  }

  /** The close the server sent: code and reason. */
  Close awaitCloseFrame() {
    return listener.closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  boolean isClosed() {
    return listener.closed.isDone();
  }

  /** Stops reading from the socket: the server's writes back up, as with a stalled phone. */
  void stopReading() {
    listener.reading.set(false);
  }

  /** Sends one fragment of a binary message; {@code last} ends the message. */
  void sendFragment(byte[] bytes, boolean last) {
    socket.sendBinary(ByteBuffer.wrap(bytes), last).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /**
   * Sends a Ping and waits for its Pong. The gateway handles a connection's frames in order and
   * writes its frames in order, so every frame it queued for this connection before handling the
   * Ping (replies, pushes caused by earlier requests) has then been received: a barrier for
   * asserting that something did not arrive.
   */
  void roundTrip() {
    long ping = send(new ClientPayload.Ping());
    await(frame -> frame.type() == FrameType.PONG && frame.seq() == ping, "Pong for seq " + ping);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS);
    }
    socket.abort();
  }

  /** Drops the TCP connection without a close frame. */
  void abort() {
    socket.abort();
  }

  private void drainIncoming() {
    List<ServerFrame> drained = new ArrayList<>();
    listener.incoming.drainTo(drained);
    synchronized (listener.kept) {
      listener.kept.addAll(drained);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  record Close(int code, String reason) {}

  private static final class Listener implements WebSocket.Listener {
    final BlockingQueue<ServerFrame> incoming = new LinkedBlockingQueue<>();
    final List<ServerFrame> kept = new ArrayList<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    final AtomicBoolean reading = new AtomicBoolean(true);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      partial.writeBytes(chunk);
      if (last) {
        switch (CODEC.decodeServer(partial.toByteArray())) {
          case Decoded.Ok<ServerFrame> ok -> incoming.add(ok.frame());
          case Decoded.Failed<ServerFrame> failed ->
              throw new IllegalStateException("server sent an undecodable frame: " + failed);
        }
        partial.reset();
      }
      if (reading.get()) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Close(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new Close(1006, String.valueOf(error)));
    }
  }
}
