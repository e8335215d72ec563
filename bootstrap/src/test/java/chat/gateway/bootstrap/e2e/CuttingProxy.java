package chat.gateway.bootstrap.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a gateway that a test can use to break the network: {@link #cutAll()}
 * resets every connection through it at once (mid-frame, if one is in flight), and {@link #down()}
 * also resets every new connection until {@link #up()}, as a gateway that is stopped and started
 * again looks to its clients. Real sockets throughout; only loopback.
 */
final class CuttingProxy implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean down;

  private CuttingProxy(int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.acceptor = Thread.ofPlatform().daemon().name("cutting-proxy").start(this::acceptLoop);
  }

  static CuttingProxy to(int targetPort) {
    try {
      return new CuttingProxy(targetPort);
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the proxy's port", e);
    }
  }

  /** The gateway's WebSocket URL through this proxy. */
  URI uri() {
    return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws");
  }

  /** How many connections clients opened to the proxy, refused ones included. */
  int accepted() {
    return accepted.get();
  }

  /** Resets every open connection. */
  void cutAll() {
    for (Socket socket : Set.copyOf(open)) {
      reset(socket);
    }
  }

  /** Resets every open connection, and every new one until {@link #up()}. */
  void down() {
    down = true;
    cutAll();
  }

  void up() {
    down = false;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        accepted.incrementAndGet();
        if (down) {
          reset(client);
          continue;
        }
        Socket upstream = new Socket();
        // As transparent as a wire: no Nagle delays of its own between small frames.
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        upstream.connect(target, 5_000);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // The proxy closed, or the gateway refused: the client sees its connection fail.
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread.ofVirtual()
        .start(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // Cut, or the other side left.
              } finally {
                reset(from);
                reset(to);
              }
            });
  }

  /** Closes with a TCP reset rather than a FIN: the abrupt end of a lost network. */
  private void reset(Socket socket) {
    open.remove(socket);
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      // Already gone.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cutAll();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
