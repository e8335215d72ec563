package chat.gateway.application.usecase;

import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.application.port.out.Transport;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.protocol.ServerFrame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A socket as a list: records every frame the gateway queued, in order, and the close. Unbounded,
 * frames count as written at once; with a capacity they wait in a queue until the test drains them,
 * and a frame finding the queue full waits for room up to {@link #ROOM_WAIT} (the adapter's write
 * timeout), after which the transport closes as a slow consumer and tells the session, as the
 * WebSocket adapter does. Thread-safe.
 */
final class RecordingTransport implements Transport {

  /** How long a frame waits for room in a full queue. */
  static final Duration ROOM_WAIT = Duration.ofMillis(300);

  private final int capacity;
  private final boolean queues;
  private final List<ServerFrame> sent = new ArrayList<>();
  private final List<Thread> senders = new ArrayList<>();
  private final Deque<ServerFrame> queue = new ArrayDeque<>();
  private CloseReason closedWith;
  private int framesBeforeClose;
  private int maxQueued;
  private int refused;
  private int pauses;
  private boolean readingPaused;
  private volatile SessionEvents session;
  private volatile String remoteAddress = "test";
  private volatile String userAgent = "";

  private RecordingTransport(int capacity, boolean queues) {
    this.capacity = capacity;
    this.queues = queues;
  }

  /** A client that reads everything at once. */
  static RecordingTransport unbounded() {
    return new RecordingTransport(Integer.MAX_VALUE, false);
  }

  /** A client whose frames wait in a queue of {@code capacity} until {@link #drain}. */
  static RecordingTransport withCapacity(int capacity) {
    return new RecordingTransport(capacity, true);
  }

  /** The client as the socket adapter would describe it. */
  RecordingTransport from(String address, String agent) {
    remoteAddress = address;
    userAgent = agent;
    return this;
  }

  void attach(SessionEvents events) {
    session = events;
  }

  @Override
  public boolean send(ServerFrame frame) {
    return enqueue(frame, ROOM_WAIT);
  }

  @Override
  public boolean trySend(ServerFrame frame) {
    return enqueue(frame, Duration.ZERO);
  }

  private boolean enqueue(ServerFrame frame, Duration wait) {
    synchronized (this) {
      long deadline = System.nanoTime() + wait.toNanos();
      while (closedWith == null && queue.size() >= capacity) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      if (closedWith != null) {
        return false;
      }
      if (queue.size() < capacity) {
        sent.add(frame);
        senders.add(Thread.currentThread());
        if (queues) {
          queue.add(frame);
          maxQueued = Math.max(maxQueued, queue.size());
        }
        return true;
      }
      refused++;
      if (wait.isZero()) {
        return false;
      }
      closeWith(CloseReason.SLOW_CONSUMER);
    }
    session.transportClosed();
    return false;
  }

  @Override
  public synchronized boolean awaitBelowHalf(Duration timeout) throws InterruptedException {
    int threshold = Math.max(1, capacity / 2);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (closedWith == null && queue.size() >= threshold) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return closedWith == null;
  }

  @Override
  public synchronized void pauseReading() {
    readingPaused = true;
    pauses++;
  }

  @Override
  public synchronized void resumeReading() {
    readingPaused = false;
  }

  /** Whether the session asked to stop reading and has not resumed. */
  synchronized boolean readingPaused() {
    return readingPaused;
  }

  /** How often the session asked to stop reading. */
  synchronized int pauses() {
    return pauses;
  }

  @Override
  public void close(CloseReason reason) {
    synchronized (this) {
      if (closedWith != null) {
        return;
      }
      closeWith(reason);
    }
    // A real socket reports its end to the session, whoever closed it.
    session.transportClosed();
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public String userAgent() {
    return userAgent;
  }

  /** The client closes the socket. */
  void disconnect() {
    synchronized (this) {
      closeWith(CloseReason.PEER_CLOSED);
    }
    session.transportClosed();
  }

  /** The client reads up to {@code count} queued frames; returns how many. */
  synchronized int drain(int count) {
    int drained = 0;
    while (drained < count && queue.poll() != null) {
      drained++;
    }
    notifyAll();
    return drained;
  }

  synchronized List<ServerFrame> frames() {
    return List.copyOf(sent);
  }

  /** The thread that queued each frame of {@link #frames}, in the same order. */
  synchronized List<Thread> senders() {
    return List.copyOf(senders);
  }

  synchronized Optional<CloseReason> closeReason() {
    return Optional.ofNullable(closedWith);
  }

  /** How many frames had been queued when the transport closed. */
  synchronized int framesBeforeClose() {
    return framesBeforeClose;
  }

  /** The most frames that ever waited at once. */
  synchronized int maxQueued() {
    return maxQueued;
  }

  /** How many frames found the queue full. */
  synchronized int refusedFrames() {
    return refused;
  }

  private void closeWith(CloseReason reason) {
    if (closedWith == null) {
      closedWith = reason;
      framesBeforeClose = sent.size();
      notifyAll();
    }
  }
}
