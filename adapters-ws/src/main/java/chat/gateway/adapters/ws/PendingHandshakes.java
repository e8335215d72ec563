package chat.gateway.adapters.ws;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

/**
 * Counts accepted sockets that are not (yet) WebSocket connections: plain HTTP and upgrade requests
 * still being sent. At most {@code capacity} of them are held; a socket accepted beyond that closes
 * the oldest pending one at once. A real client completes its handshake within a round trip, so the
 * oldest pending socket is the one most likely to be a half-open or silent one, and a client
 * connecting during a flood of silent sockets still gets through (refusing the newest instead would
 * lock every client out until the flood's sockets time out). Each pending socket is also closed by
 * Undertow after the handshake timeout; an upgraded one is released by {@link #upgraded}.
 */
final class PendingHandshakes implements ChannelListener<StreamConnection> {

  private static final Logger LOG = LoggerFactory.getLogger(PendingHandshakes.class);

  private volatile int capacity = 1;
  private volatile ChannelListener<? super StreamConnection> open;

  /** Pending sockets, oldest first; guarded by itself. */
  private final LinkedHashSet<StreamConnection> pending = new LinkedHashSet<>();

  private long evicted;

  /**
   * Sets Undertow's open listener, which parses the requests on each accepted socket, and the cap;
   * call before accepting.
   */
  void start(ChannelListener<? super StreamConnection> open, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("the handshake cap must be at least 1, got " + capacity);
    }
    this.open = open;
    this.capacity = capacity;
  }

  int capacity() {
    return capacity;
  }

  @Override
  public void handleEvent(StreamConnection connection) {
    StreamConnection oldest = null;
    synchronized (pending) {
      pending.add(connection);
      if (pending.size() > capacity) {
        Iterator<StreamConnection> first = pending.iterator();
        oldest = first.next();
        first.remove();
        evicted++;
      }
    }
    if (oldest != null) {
      close(oldest);
      logEviction(oldest);
    }
    open.handleEvent(connection);
    // Undertow has set its own close listener by now; chain ours in front of it. The request may
    // already have been handled (and the socket upgraded or closed) inside handleEvent.
    ChannelListener<? super StreamConnection> undertows = connection.getCloseListener();
    connection.setCloseListener(
        closed -> {
          release(closed);
          ChannelListeners.invokeChannelListener(closed, undertows);
        });
    if (!connection.isOpen()) {
      release(connection);
    }
  }

  /** The socket became a WebSocket connection: no longer a pending handshake. */
  void upgraded(StreamConnection connection) {
    release(connection);
  }

  /** Sockets pending now. */
  int pending() {
    synchronized (pending) {
      return pending.size();
    }
  }

  /** Pending sockets closed so far because the cap was reached. */
  long evicted() {
    synchronized (pending) {
      return evicted;
    }
  }

  private void release(StreamConnection connection) {
    synchronized (pending) {
      pending.remove(connection);
    }
  }

  /** The first eviction and every 1000th after it: a flood must not flood the log too. */
  private void logEviction(StreamConnection oldest) {
    long count = evicted();
    if (count % 1000 == 1) {
      LOG.warn(
          "{} sockets pending a WebSocket handshake (the cap): closed the oldest, from {} ({} so far)",
          capacity,
          oldest.getPeerAddress(),
          count);
    }
  }

  /** Closes on the socket's own I/O thread, like Undertow's timeouts do. */
  private static void close(StreamConnection connection) {
    try {
      connection.getIoThread().execute(() -> IoUtils.safeClose(connection));
    } catch (RejectedExecutionException stopping) {
      IoUtils.safeClose(connection);
    }
  }
}
