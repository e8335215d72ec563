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
 * One socket's outbound side: a bounded queue of frames written one at a time. A frame finding the
 * queue full, or a write stalled past the write timeout, aborts the socket (the client stopped
 * reading; a close frame would only wait behind the stalled write). A requested close is queued
 * behind the frames already waiting, so a farewell Error or a failed AuthRsp reaches the client
 * before the close frame.
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
  private final ArrayDeque<Object> queue = new ArrayDeque<>();

  private int frames;
  private boolean writing;
  private boolean inSend;
  private boolean completedInline;
  private boolean closing;
  private boolean aborted;
  private long writeStartedNanos;
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
      queue.add(frame);
      frames++;
      if (writing) {
        return true;
      }
      writing = true;
    } finally {
      lock.unlock();
    }
    writeQueued();
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
  public void close(CloseReason reason) {
    lock.lock();
    try {
      if (closing || aborted) {
        return;
      }
      closing = true;
      drained.signalAll();
      queue.add(reason);
      if (writing) {
        return;
      }
      writing = true;
    } finally {
      lock.unlock();
    }
    writeQueued();
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
  public String remoteAddress() {
    return String.valueOf(channel.getSourceAddress());
  }

  /** Closes the socket at once, without a close frame. */
  private void abort() {
    lock.lock();
    try {
      abortLocked();
    } finally {
      lock.unlock();
    }
  }

  private void abortLocked() {
    if (aborted) {
      return;
    }
    aborted = true;
    queue.clear();
    frames = 0;
    drained.signalAll();
    IoUtils.safeClose(channel);
  }

  /** Writes queued items one at a time; exactly one thread runs this while {@code writing}. */
  private void writeQueued() {
    while (true) {
      Object next;
      lock.lock();
      try {
        next = aborted ? null : queue.peek();
        if (next == null) {
          writing = false;
          return;
        }
        inSend = true;
        completedInline = false;
        writeStartedNanos = System.nanoTime();
      } finally {
        lock.unlock();
      }
      if (next instanceof CloseReason reason) {
        sendClose(reason);
        return;
      }
      WebSockets.sendBinary(ByteBuffer.wrap(codec.encode((ServerFrame) next)), channel, this, null);
      lock.lock();
      try {
        inSend = false;
        if (!completedInline) {
          scheduleWatchdogLocked();
          return;
        }
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void complete(WebSocketChannel ignored, Void context) {
    lock.lock();
    try {
      if (aborted) {
        return;
      }
      queue.poll();
      frames--;
      drained.signalAll();
      if (inSend) {
        completedInline = true;
        return;
      }
    } finally {
      lock.unlock();
    }
    writeQueued();
  }

  @Override
  public void onError(WebSocketChannel ignored, Void context, Throwable error) {
    LOG.debug("write to {} failed, closing: {}", remoteAddress(), error.toString());
    abort();
  }

  private void sendClose(CloseReason reason) {
    WebSockets.sendClose(new CloseMessage(reason.code(), reason.description()), channel, null);
    // A client that never answers the close frame must not hold the socket open.
    later(() -> IoUtils.safeClose(channel), closeGrace.toNanos());
  }

  /** Runs {@code task} on the socket's I/O thread after a delay, or now if it is stopping. */
  private void later(Runnable task, long delayNanos) {
    try {
      channel.getIoThread().executeAfter(task, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      IoUtils.safeClose(channel);
    }
  }

  private void scheduleWatchdogLocked() {
    if (watchdogScheduled) {
      return;
    }
    watchdogScheduled = true;
    long delay = Math.max(1, writeStartedNanos + writeTimeoutNanos - System.nanoTime());
    later(this::checkStalledWrite, delay);
  }

  private void checkStalledWrite() {
    lock.lock();
    try {
      watchdogScheduled = false;
      if (!writing || aborted || inSend) {
        return;
      }
      if (System.nanoTime() - writeStartedNanos >= writeTimeoutNanos) {
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
