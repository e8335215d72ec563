package chat.gateway.adapters.ws;

import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.application.port.out.Transport;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * One socket's outbound side: a send queue bounded in frames and in bytes, whose bytes also count
 * against the instance's {@link SendBudget}. A frame is encoded when it is queued and counts from
 * then until Undertow reports it written.
 *
 * <p>Frames go to Undertow in order, at most {@link #WRITE_WINDOW} bytes at a time (and always at
 * least one frame); the rest wait here, where a newer presence push about a user replaces an older
 * one still waiting, so a burst of status changes costs a reader one frame per user, not one per
 * change.
 *
 * <p>Nothing here waits: whoever pushes (a sender's session, the event bus) is never held up by a
 * recipient's queue. A push that finds the frame bound reached is queued beyond it, so a client
 * that reads is never cut for a momentary queue length (a busy I/O thread looks the same). The
 * client is a slow consumer when a push would take its queue past the byte bound (or the instance's
 * {@link SendBudget}), when its queue stays past the frame bound for the write timeout, or when a
 * frame handed to Undertow is not written within it; the first ones get the 4002 close frame ahead
 * of the frames still waiting here, the last has its socket cut (a close frame would wait behind
 * the stalled write). A requested close goes behind the frames already queued, so a farewell Error
 * or a failed AuthRsp reaches the client first.
 */
final class WsTransport implements Transport, WebSocketCallback<WsTransport.Entry> {

  private static final Logger LOG = LoggerFactory.getLogger(WsTransport.class);

  /** Bytes charged for a queued frame on top of its encoding: the queue's own objects. */
  static final int ENTRY_OVERHEAD = 64;

  /** Bytes charged for a queued presence push, encoded only when handed to Undertow. */
  static final int PRESENCE_CHARGE = 128;

  /** Bytes handed to Undertow and not yet written, at most (a larger frame goes alone). */
  static final int WRITE_WINDOW = 64 * 1024;

  /** Room for a few frames: most connections have one or two queued at a time. */
  private static final int INITIAL_QUEUE = 4;

  /** RFC 6455's code for a connection that ended without a close frame. */
  static final int ABNORMAL_CLOSURE = 1006;

  private final WebSocketChannel channel;
  private final FrameCodec codec;
  private final int capacity;
  private final long capacityBytes;
  private final SendBudget budget;
  private final long writeTimeoutNanos;
  private final Duration closeGrace;

  /** The upgrade's User-Agent, already bounded: the one header kept past the handshake. */
  private final String userAgent;

  private final GatewayMetrics metrics;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /**
   * Frames not yet handed to Undertow, in order; null while none wait. The queues exist only while
   * frames are queued: an idle connection holds none (most of a large instance's connections are
   * idle at any moment, and three empty collections cost some 300 bytes each).
   */
  private ArrayDeque<Entry> unsent;

  /** The waiting presence push about each user, also in {@link #unsent}; null while none. */
  private Map<Long, Entry> unsentPresence;

  /** Frames handed to Undertow and not yet written, oldest first; null while none. */
  private ArrayDeque<Entry> inFlight;

  /** Frames and bytes queued (waiting here or in flight), including reservations being filled. */
  private int frames;

  private long bytes;
  private long inFlightBytes;

  /** Bytes taken from the budget and not yet given back. */
  private long budgeted;

  private boolean writing;

  /** Whether pushes took the queue past its frame bound, and since when (System.nanoTime). */
  private boolean over;

  private long overSince;
  private CloseReason closeRequested;
  private boolean closeSent;
  private boolean released;
  private boolean watchdogScheduled;

  WsTransport(
      WebSocketChannel channel,
      FrameCodec codec,
      int capacity,
      long capacityBytes,
      SendBudget budget,
      Duration writeTimeout,
      Duration closeGrace,
      String userAgent,
      GatewayMetrics metrics) {
    this.channel = channel;
    this.userAgent = userAgent;
    this.metrics = metrics;
    this.codec = codec;
    this.capacity = capacity;
    this.capacityBytes = capacityBytes;
    this.budget = budget;
    this.writeTimeoutNanos = writeTimeout.toNanos();
    this.closeGrace = closeGrace;
  }

  /** One queued frame: encoded, or (a presence push) encoded when handed over. */
  static final class Entry {
    private ServerFrame frame;
    private byte[] encoded;
    private final int charge;
    private final long subject;
    private long handedAt;

    private Entry(ServerFrame frame, byte[] encoded, int charge, long subject) {
      this.frame = frame;
      this.encoded = encoded;
      this.charge = charge;
      this.subject = subject;
    }
  }

  @Override
  public boolean send(ServerFrame frame) {
    return enqueue(frame, true);
  }

  @Override
  public boolean trySend(ServerFrame frame) {
    return enqueue(frame, false);
  }

  private boolean enqueue(ServerFrame frame, boolean push) {
    Entry entry;
    if (frame.payload() instanceof ServerPayload.PresencePush presence) {
      long subject = presence.userId().value();
      lock.lock();
      try {
        if (!isOpen()) {
          return false;
        }
        Entry waiting = unsentPresence == null ? null : unsentPresence.get(subject);
        if (waiting != null) {
          // The newest status replaces the one not yet handed over: a reader hears where the user
          // is now, without a frame per change in between.
          waiting.frame = frame;
          return true;
        }
      } finally {
        lock.unlock();
      }
      entry = new Entry(frame, null, PRESENCE_CHARGE, subject);
    } else {
      byte[] encoded = codec.encode(frame);
      entry = new Entry(frame, encoded, encoded.length + ENTRY_OVERHEAD, -1);
    }
    if (!reserve(entry.charge, push)) {
      return false;
    }
    boolean taken = budget.tryTake(entry.charge);
    lock.lock();
    try {
      if (!taken || !isOpen()) {
        frames--;
        bytes -= entry.charge;
        changed.signalAll();
        if (taken) {
          budget.giveBack(entry.charge);
        } else if (push && isOpen()) {
          SlowConsumerLog.closing(
              SlowConsumerLog.BUFFER_FULL,
              remoteAddress(),
              budget.capacity() + " bytes for all connections");
          closeAheadLocked(CloseReason.SLOW_CONSUMER);
        }
        return false;
      }
      budgeted += entry.charge;
      if (unsent == null) {
        unsent = new ArrayDeque<>(INITIAL_QUEUE);
      }
      unsent.add(entry);
      if (entry.subject >= 0) {
        if (unsentPresence == null) {
          unsentPresence = new HashMap<>(INITIAL_QUEUE);
        }
        unsentPresence.put(entry.subject, entry);
      }
      if (!claimWriter()) {
        return true;
      }
    } finally {
      lock.unlock();
    }
    writeInIoThread();
    return true;
  }

  /**
   * Runs the claimed writer on the socket's I/O thread. Undertow flushes a frame queued from
   * another thread by a task on the I/O thread (a selector wakeup per frame); handing the whole
   * loop over costs one task for every frame queued until it runs, and the writes then go out
   * inline.
   */
  private void writeInIoThread() {
    if (channel.getIoThread() == Thread.currentThread()) {
      writeUnsent();
    } else {
      later(this::writeUnsent, 0);
    }
  }

  /**
   * Counts {@code charge} bytes and one frame against this connection; never waits. Within the
   * bounds it always succeeds. Beyond them {@code trySend} fails and nothing else happens; a push
   * goes beyond the frame bound (a reader that keeps up may be behind for a moment, and waiting
   * here would hold up whoever pushes), but the client is a slow consumer, and closed, when the
   * push would take its queue past the byte bound, or when its queue has stayed past the frame
   * bound for the write timeout. Fails at once when the socket is closing.
   */
  private boolean reserve(int charge, boolean push) {
    lock.lock();
    try {
      if (!isOpen()) {
        return false;
      }
      if (!hasRoomFor(charge)) {
        if (!push) {
          return false;
        }
        long now = System.nanoTime();
        if (bytes + charge > capacityBytes) {
          closeSlowLocked(
              SlowConsumerLog.QUEUE_BYTES, "it would hold more than " + capacityBytes + " bytes");
          return false;
        }
        if (!over) {
          over = true;
          overSince = now;
        } else if (now - overSince > writeTimeoutNanos) {
          closeSlowLocked(
              SlowConsumerLog.QUEUE_FRAMES,
              "it has held more than "
                  + capacity
                  + " frames for "
                  + writeTimeoutNanos / 1_000_000
                  + " ms");
          return false;
        }
      }
      frames++;
      bytes += charge;
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void closeSlowLocked(String kind, String why) {
    SlowConsumerLog.closing(
        kind, remoteAddress(), frames + " frames, " + bytes + " bytes queued; " + why);
    closeAheadLocked(CloseReason.SLOW_CONSUMER);
  }

  private boolean hasRoomFor(int charge) {
    // An empty queue takes any one frame, so a reply larger than the byte bound still goes out.
    return frames == 0 || (frames < capacity && bytes + charge <= capacityBytes);
  }

  @Override
  public boolean awaitBelowHalf(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (isOpen() && (frames >= Math.max(1, capacity / 2) || bytes >= capacityBytes / 2)) {
        if (remaining <= 0) {
          return false;
        }
        remaining = changed.awaitNanos(remaining);
      }
      return isOpen();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void pauseReading() {
    channel.suspendReceives();
  }

  @Override
  public void resumeReading() {
    // The session calls this from its own thread; channel state belongs to the I/O thread.
    try {
      channel.getIoThread().execute(channel::resumeReceives);
    } catch (RejectedExecutionException stopping) {
      IoUtils.safeClose(channel);
    }
  }

  @Override
  public void close(CloseReason reason) {
    lock.lock();
    try {
      if (!isOpen()) {
        return;
      }
      closeRequested = reason;
      countIfSlow(reason);
      changed.signalAll();
      if (!claimWriter()) {
        return;
      }
    } finally {
      lock.unlock();
    }
    writeInIoThread();
  }

  @Override
  public String remoteAddress() {
    return String.valueOf(channel.getSourceAddress());
  }

  @Override
  public String userAgent() {
    return userAgent;
  }

  /**
   * The socket is gone: gives back every byte it held. Called from the channel's close listener;
   * idempotent.
   */
  void closed() {
    lock.lock();
    try {
      releaseLocked();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void complete(WebSocketChannel ignored, Entry entry) {
    lock.lock();
    try {
      if (released || inFlight == null || !inFlight.remove(entry)) {
        return;
      }
      inFlightBytes -= entry.charge;
      frames--;
      bytes -= entry.charge;
      budgeted -= entry.charge;
      budget.giveBack(entry.charge);
      changed.signalAll();
      if (over && frames < capacity) {
        over = false;
      }
      if (inFlight.isEmpty()) {
        inFlight = null;
      }
      if ((unsent == null && closeRequested == null) || !claimWriter()) {
        return;
      }
    } finally {
      lock.unlock();
    }
    writeUnsent();
  }

  /** Frames queued, waiting here or handed to Undertow and not yet written; for tests. */
  int queuedFrames() {
    lock.lock();
    try {
      return frames;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes charged for the frames queued; for tests. */
  long queuedBytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  /** Whether any queue is allocated: none while nothing is queued. For tests. */
  boolean holdsQueues() {
    lock.lock();
    try {
      return unsent != null || inFlight != null || unsentPresence != null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onError(WebSocketChannel ignored, Entry entry, Throwable error) {
    LOG.debug("write to {} failed, closing: {}", remoteAddress(), error.toString());
    abort();
  }

  private boolean isOpen() {
    return closeRequested == null && !released;
  }

  /** Makes the calling thread the writer, if nobody is; call with the lock held. */
  private boolean claimWriter() {
    if (writing) {
      return false;
    }
    writing = true;
    return true;
  }

  /**
   * Hands waiting frames to Undertow, in order, while the write window has room, then the close
   * frame once nothing waits. Runs outside the lock (Undertow may call {@link #complete} on this
   * thread); only the thread that claimed the writer runs it.
   */
  private void writeUnsent() {
    while (true) {
      Entry next;
      ServerFrame frame;
      CloseReason close = null;
      lock.lock();
      try {
        next = null;
        frame = null;
        if (released) {
          writing = false;
          return;
        }
        if (unsent != null && (inFlight == null || inFlightBytes < WRITE_WINDOW)) {
          next = unsent.poll();
          if (unsent.isEmpty()) {
            unsent = null;
          }
          if (next.subject >= 0) {
            unsentPresence.remove(next.subject);
            if (unsentPresence.isEmpty()) {
              unsentPresence = null;
            }
          }
          frame = next.frame;
          next.handedAt = System.nanoTime();
          if (inFlight == null) {
            inFlight = new ArrayDeque<>(INITIAL_QUEUE);
          }
          inFlight.add(next);
          inFlightBytes += next.charge;
          scheduleWatchdogLocked();
        } else if (unsent == null && closeRequested != null && !closeSent) {
          closeSent = true;
          close = closeRequested;
        } else {
          writing = false;
          return;
        }
      } finally {
        lock.unlock();
      }
      if (close != null) {
        sendClose(close);
        continue;
      }
      byte[] encoded = next.encoded != null ? next.encoded : codec.encode(frame);
      next.encoded = null;
      metrics.frameSent(frame.payload().type(), encoded.length);
      WebSockets.sendBinary(ByteBuffer.wrap(encoded), channel, this, next);
    }
  }

  /**
   * Ends the connection with {@code reason} ahead of the frames still waiting here (they are
   * dropped); frames already handed to Undertow go first. Call with the lock held.
   */
  private void closeAheadLocked(CloseReason reason) {
    if (!isOpen()) {
      return;
    }
    if (unsent != null) {
      for (Entry dropped : unsent) {
        frames--;
        bytes -= dropped.charge;
        budgeted -= dropped.charge;
        budget.giveBack(dropped.charge);
      }
    }
    unsent = null;
    unsentPresence = null;
    closeRequested = reason;
    countIfSlow(reason);
    changed.signalAll();
    if (!writing) {
      // No writer runs to send the close frame; this thread holds the lock, so send it later.
      writing = true;
      later(this::writeUnsent, 0);
    }
  }

  /** Cuts the socket at once and gives back every byte. */
  private void abort() {
    lock.lock();
    try {
      releaseLocked();
    } finally {
      lock.unlock();
    }
    IoUtils.safeClose(channel);
  }

  private void releaseLocked() {
    if (released) {
      return;
    }
    released = true;
    budget.giveBack(budgeted);
    budgeted = 0;
    unsent = null;
    unsentPresence = null;
    inFlight = null;
    frames = 0;
    bytes = 0;
    inFlightBytes = 0;
    changed.signalAll();
  }

  private void sendClose(CloseReason reason) {
    WebSockets.sendClose(new CloseMessage(reason.code(), reason.description()), channel, null);
    // A client that never answers the close frame must not hold the socket open.
    later(() -> IoUtils.safeClose(channel), closeGrace.toNanos());
  }

  /**
   * Runs {@code task} on the socket's I/O thread after a delay, or closes now if it is stopping.
   */
  private void later(Runnable task, long delayNanos) {
    try {
      if (delayNanos <= 0) {
        channel.getIoThread().execute(task);
      } else {
        channel.getIoThread().executeAfter(task, delayNanos, TimeUnit.NANOSECONDS);
      }
    } catch (RejectedExecutionException stopping) {
      IoUtils.safeClose(channel);
    }
  }

  private void scheduleWatchdogLocked() {
    Entry oldest = inFlight == null ? null : inFlight.peek();
    if (watchdogScheduled || oldest == null) {
      return;
    }
    watchdogScheduled = true;
    later(
        this::checkStalledWrite,
        Math.max(1, oldest.handedAt + writeTimeoutNanos - System.nanoTime()));
  }

  private void checkStalledWrite() {
    lock.lock();
    try {
      watchdogScheduled = false;
      Entry oldest = inFlight == null ? null : inFlight.peek();
      if (released || oldest == null) {
        return;
      }
      if (System.nanoTime() - oldest.handedAt < writeTimeoutNanos) {
        scheduleWatchdogLocked();
        return;
      }
      SlowConsumerLog.closing(
          SlowConsumerLog.WRITE_STALLED,
          remoteAddress(),
          "stalled for " + writeTimeoutNanos / 1_000_000 + " ms");
      metrics.slowConsumerClosed();
    } finally {
      lock.unlock();
    }
    abort();
  }

  private void countIfSlow(CloseReason reason) {
    if (reason == CloseReason.SLOW_CONSUMER) {
      metrics.slowConsumerClosed();
    }
  }

  /**
   * The code this connection ended with: the close frame the gateway sent, else the one the channel
   * recorded (the client's, which Undertow echoes), else 1006 (cut without a close frame).
   */
  int closeCode() {
    lock.lock();
    try {
      if (closeSent) {
        return closeRequested.code();
      }
    } finally {
      lock.unlock();
    }
    int code = channel.getCloseCode();
    return code > 0 ? code : ABNORMAL_CLOSURE;
  }
}
