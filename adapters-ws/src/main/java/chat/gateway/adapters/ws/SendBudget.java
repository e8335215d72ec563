package chat.gateway.adapters.ws;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes every connection of the instance may have waiting to be written, together: however many
 * clients stop reading, their queues cannot hold more than this. Taking is lock-free while there is
 * room; a taker that finds none waits until another connection's bytes are written or dropped.
 * Thread-safe.
 */
final class SendBudget {

  private final long capacity;
  private final AtomicLong used = new AtomicLong();
  private final AtomicInteger waiting = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();

  SendBudget(long capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("send budget must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  long capacity() {
    return capacity;
  }

  /** Bytes taken and not yet given back. */
  long used() {
    return used.get();
  }

  /** Takes {@code bytes} if there is room now. */
  boolean tryTake(long bytes) {
    while (true) {
      long current = used.get();
      if (current + bytes > capacity) {
        return false;
      }
      if (used.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  /**
   * Takes {@code bytes}, waiting until {@code deadlineNanos} (a {@link System#nanoTime} value) for
   * room; false when none came in time or the thread was interrupted.
   */
  boolean take(long bytes, long deadlineNanos) {
    if (tryTake(bytes)) {
      return true;
    }
    waiting.incrementAndGet();
    lock.lock();
    try {
      while (!tryTake(bytes)) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        freed.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
      waiting.decrementAndGet();
    }
  }

  /** Gives back bytes taken earlier. */
  void giveBack(long bytes) {
    if (bytes == 0) {
      return;
    }
    used.addAndGet(-bytes);
    if (waiting.get() > 0) {
      lock.lock();
      try {
        freed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
