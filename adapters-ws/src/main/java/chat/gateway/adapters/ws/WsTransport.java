package chat.gateway.adapters.ws;

import chat.gateway.application.port.out.Transport;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.protocol.ServerFrame;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * One socket's outbound side: a bounded send queue. A frame counts against the capacity from the
 * moment it is queued until Undertow reports it written. Queued frames are handed to Undertow in
 * order by one writer at a time, without waiting for earlier writes, so Undertow can write a burst
 * in one go. A frame finding the queue full, or a write stalled past the write timeout, aborts the
 * socket (the client stopped reading; a close frame would only wait behind the stalled write). A
 * requested close is queued behind the frames already waiting, so a farewell Error or a failed
 * AuthRsp reaches the client before the close frame.
 */
final class WsTransport implements Transport, WebSocketCallback<Void> {

  private static final Logger LOG = LoggerFactory.getLogger(WsTransport.class);

  private final WebSocketChannel channel;
  private final FrameCodec codec;
  private final int capacity;
  private final long writeTimeoutNanos;
  private final Duration closeGrace;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition drained = lock.newCondition();

  /** Frames (and a close request) not yet handed to Undertow, in order. */
  private final ArrayDeque<Object> unsent = new ArrayDeque<>();

  /** When each frame handed to Undertow and not yet written was handed over, oldest first. */
  private final ArrayDeque<Long> inFlightSince = new ArrayDeque<>();

  private int frames;
  private boolean writing;
  private boolean closing;
  private boolean aborted;
  private boolean watchdogScheduled;

  WsTransport(
      WebSocketChannel channel,
      FrameCodec codec,
      int capacity,
      Duration writeTimeout,
      Duration closeGrace) {
    this.channel = channel;
    this.codec = codec;
    this.capacity = capacity;
    this.writeTimeoutNanos = writeTimeout.toNanos();
    this.closeGrace = closeGrace;
  }

  @Override
  public boolean send(ServerFrame frame) {
    lock.lock();
    try {
      if (closing || aborted) {
        return false;
      }
      if (frames >= capacity) {
        LOG.info(
            "closing {} as a slow consumer: send queue full ({} frames)",
            remoteAddress(),
            capacity);
        abortLocked();
        return false;
      }
      unsent.add(frame);
      frames++;
      if (!claimWriter()) {
        return true;
      }
    } finally {
      lock.unlock();
    }
    writeUnsent();
    return true;
  }

  @Override
  public boolean awaitQueueBelow(int threshold, Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (frames >= threshold && !closing && !aborted) {
        if (remaining <= 0) {
          return false;
        }
        remaining = drained.awaitNanos(remaining);
      }
      return !closing && !aborted;
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
      if (closing || aborted) {
        return;
      }
      closing = true;
      drained.signalAll();
      unsent.add(reason);
      if (!claimWriter()) {
        return;
      }
    } finally {
      lock.unlock();
    }
    writeUnsent();
  }

  @Override
  public String remoteAddress() {
    return String.valueOf(channel.getSourceAddress());
  }

  @Override
  public void complete(WebSocketChannel ignored, Void context) {
    lock.lock();
    try {
      if (aborted) {
        return;
      }
      inFlightSince.poll();
      frames--;
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onError(WebSocketChannel ignored, Void context, Throwable error) {
    LOG.debug("write to {} failed, closing: {}", remoteAddress(), error.toString());
    lock.lock();
    try {
      abortLocked();
    } finally {
      lock.unlock();
    }
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
   * Hands every unsent item to Undertow, in order, outside the lock (Undertow may call {@link
   * #complete} on this thread). Only the thread that claimed the writer runs this.
   */
  private void writeUnsent() {
    while (true) {
      Object next;
      lock.lock();
      try {
        next = aborted ? null : unsent.poll();
        if (next == null) {
          writing = false;
          return;
        }
        if (next instanceof ServerFrame) {
          inFlightSince.add(System.nanoTime());
          scheduleWatchdogLocked();
        }
      } finally {
        lock.unlock();
      }
      if (next instanceof CloseReason reason) {
        sendClose(reason);
        return;
      }
      WebSockets.sendBinary(ByteBuffer.wrap(codec.encode((ServerFrame) next)), channel, this, null);
    }
  }

  private void abortLocked() {
    if (aborted) {
      return;
    }
    aborted = true;
    unsent.clear();
    inFlightSince.clear();
    frames = 0;
    drained.signalAll();
    IoUtils.safeClose(channel);
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
      channel.getIoThread().executeAfter(task, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      IoUtils.safeClose(channel);
    }
  }

  private void scheduleWatchdogLocked() {
    Long oldest = inFlightSince.peek();
    if (watchdogScheduled || oldest == null) {
      return;
    }
    watchdogScheduled = true;
    later(this::checkStalledWrite, Math.max(1, oldest + writeTimeoutNanos - System.nanoTime()));
  }

  private void checkStalledWrite() {
    lock.lock();
    try {
      watchdogScheduled = false;
      Long oldest = inFlightSince.peek();
      if (aborted || oldest == null) {
        return;
      }
      if (System.nanoTime() - oldest >= writeTimeoutNanos) {
        LOG.info(
            "closing {} as a slow consumer: a write stalled for {} ms",
            remoteAddress(),
            writeTimeoutNanos / 1_000_000);
        abortLocked();
      } else {
        scheduleWatchdogLocked();
      }
    } finally {
      lock.unlock();
    }
  }
}
