package chat.gateway.adapters.ws;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Limits;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The send queue of one real socket whose client stops reading: its queues exist only while frames
 * wait, and they stay within the per-connection bounds however long the client stalls.
 */
class WsTransportQueueTest {

  private static final int QUEUE_FRAMES = 8;
  private static final int QUEUE_BYTES = 64 * 1024;
  private static final ServerFrame FRAME =
      ServerFrame.push(new ServerPayload.Error(ErrorCode.WS_INTERNAL_ERROR, "x".repeat(16 * 1024)));

  @Test
  void anIdleSocketHoldsNoQueueAndAStalledOneStaysWithinItsBounds() throws Exception {
    CompletableFuture<WsTransport> opened = new CompletableFuture<>();
    WebSocketServer server = server(opened, Limits.defaults().writeTimeout(), QUEUE_BYTES);
    try (Socket client = new Socket()) {
      client.setReceiveBufferSize(4096);
      client.connect(new InetSocketAddress("127.0.0.1", server.port()));
      upgrade(client);
      WsTransport transport = opened.get(5, TimeUnit.SECONDS);

      assertThat(transport.holdsQueues()).as("idle").isFalse();

      // The client reads nothing: the kernel's buffers fill, then the queue, up to its bounds.
      int sent = 0;
      while (transport.trySend(FRAME)) {
        sent++;
        assertThat(sent).as("frames taken while the client reads nothing").isLessThan(100_000);
      }
      assertThat(transport.holdsQueues()).isTrue();
      assertThat(transport.queuedFrames()).isBetween(1, QUEUE_FRAMES);
      assertThat(transport.queuedBytes()).isPositive().isLessThanOrEqualTo(QUEUE_BYTES);

      // Once the client reads, everything is written and the queues go again.
      Thread reader = Thread.ofVirtual().start(() -> drain(client));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while ((transport.queuedFrames() > 0 || transport.holdsQueues())
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(transport.queuedFrames()).isZero();
      assertThat(transport.queuedBytes()).isZero();
      assertThat(transport.holdsQueues()).as("drained").isFalse();
      assertThat(server.queuedSendBytes()).isZero();
      client.shutdownInput();
      reader.join(5_000);
    } finally {
      server.close();
    }
  }

  @Test
  void aPushToAFullQueueNeverWaitsItGoesPastTheFrameBoundUntilTheByteBound() throws Exception {
    CompletableFuture<WsTransport> opened = new CompletableFuture<>();
    // A write timeout far beyond the test's: a push that waited for room would be seen at once.
    WebSocketServer server = server(opened, Duration.ofMinutes(5), 1024 * 1024);
    try (Socket client = new Socket()) {
      WsTransport transport = stalled(client, server, opened);
      assertThat(transport.queuedFrames()).isEqualTo(QUEUE_FRAMES);

      // Past the frame bound a push is taken at once: whoever pushes is never held up.
      assertThat(
              CompletableFuture.supplyAsync(() -> transport.send(FRAME)).get(5, TimeUnit.SECONDS))
          .isTrue();
      assertThat(transport.queuedFrames()).isEqualTo(QUEUE_FRAMES + 1);

      // Up to the byte bound; the push that would pass it makes the client a slow consumer.
      int taken =
          CompletableFuture.supplyAsync(
                  () -> {
                    int pushes = 0;
                    while (transport.send(FRAME) && pushes < 1_000) {
                      pushes++;
                    }
                    return pushes;
                  })
              .get(5, TimeUnit.SECONDS);
      assertThat(taken).as("pushes past the frame bound, within 1 MiB").isBetween(40, 60);
      assertThat(transport.trySend(FRAME)).as("closing").isFalse();
    } finally {
      server.close();
    }
  }

  @Test
  void aQueueThatStaysPastItsFrameBoundForTheWriteTimeoutIsASlowConsumer() throws Exception {
    CompletableFuture<WsTransport> opened = new CompletableFuture<>();
    Duration writeTimeout = Duration.ofSeconds(1);
    WebSocketServer server = server(opened, writeTimeout, 1024 * 1024);
    try (Socket client = new Socket()) {
      WsTransport transport = stalled(client, server, opened);
      assertThat(transport.send(FRAME)).as("past the bound, for a moment").isTrue();

      Thread.sleep(writeTimeout.toMillis() * 3 / 2);

      assertThat(transport.send(FRAME))
          .as("still past the bound after the write timeout")
          .isFalse();
    } finally {
      server.close();
    }
  }

  /** Connects a client that reads nothing, and fills the kernel's buffers and the queue. */
  private static WsTransport stalled(
      Socket client, WebSocketServer server, CompletableFuture<WsTransport> opened)
      throws Exception {
    client.setReceiveBufferSize(4096);
    client.connect(new InetSocketAddress("127.0.0.1", server.port()));
    upgrade(client);
    WsTransport transport = opened.get(5, TimeUnit.SECONDS);
    // Full once no frame has been taken for a while: the kernel's buffers hold no more either.
    int sent = 0;
    long lastTaken = System.nanoTime();
    while (System.nanoTime() - lastTaken < Duration.ofMillis(300).toNanos()) {
      if (transport.trySend(FRAME)) {
        sent++;
        lastTaken = System.nanoTime();
        assertThat(sent).as("frames taken while the client reads nothing").isLessThan(100_000);
      } else {
        Thread.sleep(5);
      }
    }
    return transport;
  }

  private static WebSocketServer server(
      CompletableFuture<WsTransport> opened, Duration writeTimeout, int queueBytes) {
    return WebSocketServer.builder()
        .host("127.0.0.1")
        .port(0)
        .limits(
            Limits.defaults().toBuilder()
                .sendQueueCapacity(QUEUE_FRAMES)
                .sendQueueBytes(queueBytes)
                .writeTimeout(writeTimeout)
                .build())
        .connect(
            transport -> {
              opened.complete((WsTransport) transport);
              return Optional.of(new IgnoringSession());
            })
        .build()
        .start();
  }

  private static void upgrade(Socket client) throws Exception {
    OutputStream out = client.getOutputStream();
    out.write(
        ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = client.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the upgrade response").isNotNegative();
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
  }

  private static void drain(Socket client) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = client.getInputStream();
      while (in.read(buffer) >= 0) {
        // discard
      }
    } catch (java.io.IOException closed) {
      // the test closed the socket
    }
  }
}
