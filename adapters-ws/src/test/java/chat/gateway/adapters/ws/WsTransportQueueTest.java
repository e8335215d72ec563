package chat.gateway.adapters.ws;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Limits;
import chat.gateway.domain.protocol.ClientFrame;
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
    WebSocketServer server =
        WebSocketServer.builder()
            .host("127.0.0.1")
            .port(0)
            .limits(
                Limits.defaults().toBuilder()
                    .sendQueueCapacity(QUEUE_FRAMES)
                    .sendQueueBytes(QUEUE_BYTES)
                    .build())
            .connect(
                transport -> {
                  opened.complete((WsTransport) transport);
                  return Optional.of(new Ignoring());
                })
            .build()
            .start();
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

  /** A session that does nothing with what arrives. */
  private static final class Ignoring implements SessionEvents {
    @Override
    public void frameArrived(ClientFrame frame) {}

    @Override
    public void frameRejected(ErrorCode code, long seq, String reason) {}

    @Override
    public void frameTooLarge() {}

    @Override
    public void transportClosed() {}
  }
}
