package chat.gateway.application.session;

import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one connection's tasks one at a time, in submission order, on a shared executor: the frames
 * of a connection are handled in the order they arrived, without a thread per connection.
 *
 * <p>Requests are bounded twice. Reaching {@code highWater} waiting requests calls {@code
 * backlogged} (the socket stops reading, so TCP slows the client down) and draining to half of it
 * calls {@code drained} (reading resumes). Should frames still arrive past twice the high water
 * (reading did not stop in time), {@link #offerRequest} refuses them: the caller drops the frame
 * and says so. Control tasks (close, tick) are never refused.
 */
final class SerialMailbox {

  private static final System.Logger LOG = System.getLogger(SerialMailbox.class.getName());

  private final Executor executor;
  private final int highWater;
  private final Runnable backlogged;
  private final Runnable drained;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingRequests = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean paused = new AtomicBoolean();

  SerialMailbox(Executor executor, int highWater, Runnable backlogged, Runnable drained) {
    this.executor = executor;
    this.highWater = highWater;
    this.backlogged = backlogged;
    this.drained = drained;
  }

  /** Queues a request; false when twice the high water is already waiting. */
  boolean offerRequest(Runnable task) {
    int pending = pendingRequests.incrementAndGet();
    if (pending > 2 * highWater) {
      pendingRequests.decrementAndGet();
      return false;
    }
    if (pending >= highWater && paused.compareAndSet(false, true)) {
      backlogged.run();
    }
    enqueue(
        () -> {
          int left = pendingRequests.decrementAndGet();
          if (left <= highWater / 2 && paused.compareAndSet(true, false)) {
            drained.run();
          }
          task.run();
        });
    return true;
  }

  /** Queues a control task; never refused. */
  void submit(Runnable task) {
    enqueue(task);
  }

  private void enqueue(Runnable task) {
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException stopped) {
        // The gateway has stopped; its connections are closed already.
        LOG.log(Level.DEBUG, "task dropped: the executor has stopped");
      }
    }
  }

  private void drain() {
    while (true) {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.log(Level.ERROR, "connection task failed", e);
        }
      }
      scheduled.set(false);
      // A task added between the last poll and the reset must not wait for the next submit.
      if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
        return;
      }
    }
  }
}
