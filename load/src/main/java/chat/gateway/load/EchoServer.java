package chat.gateway.load;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.xnio.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The raw ceiling: an Undertow WebSocket server (the gateway's Undertow) that sends every binary
 * message straight back and does nothing else, on {@code /ws} and every other path.
 */
@Command(
    name = "echo-server",
    mixinStandardHelpOptions = true,
    description =
        "Run the baseline: a minimal Undertow WebSocket server that echoes every binary message.")
public final class EchoServer implements Callable<Integer>, AutoCloseable {

  @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "Port (default 9000; 0: any free one).")
  int port = 9000;

  @Option(
      names = "--io-threads",
      description = "Undertow I/O threads (default: available processors, as the gateway's 0).")
  int ioThreads = Runtime.getRuntime().availableProcessors();

  private Undertow server;

  /** Starts the server; {@link #port()} tells the port it got. */
  public EchoServer start() {
    server =
        Undertow.builder()
            .addHttpListener(port, host)
            .setIoThreads(Math.max(1, ioThreads))
            .setWorkerThreads(Math.max(1, ioThreads))
            .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
            .setSocketOption(Options.BACKLOG, 16_384)
            .setHandler(
                Handlers.websocket(
                    (exchange, channel) -> {
                      channel.getReceiveSetter().set(new Echo());
                      channel.resumeReceives();
                    }))
            .build();
    server.start();
    return this;
  }

  public int port() {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @Override
  public Integer call() throws InterruptedException {
    start();
    System.out.printf(
        "echo-server: ws://%s:%d/ws (Undertow, %d I/O threads)%n", host, port(), ioThreads);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  private static final class Echo extends AbstractReceiveListener {
    @Override
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
      try (var data = message.getData()) {
        ByteBuffer[] buffers = data.getResource();
        int size = 0;
        for (ByteBuffer b : buffers) {
          size += b.remaining();
        }
        ByteBuffer copy = ByteBuffer.allocate(size);
        for (ByteBuffer b : buffers) {
          copy.put(b);
        }
        copy.flip();
        WebSockets.sendBinary(copy, channel, null);
      }
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
      WebSockets.sendText(message.getData(), channel, null);
    }
  }
}
