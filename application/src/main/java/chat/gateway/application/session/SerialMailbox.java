package chat.gateway.application.session;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one connection's tasks one at a time, in submission order, on a shared executor: the frames
 * of a connection are handled in the order they arrived, without a thread per connection.
 *
 * <p>Requests are bounded in count and in bytes. Reaching {@code highWater} waiting requests, or
 * {@code highWaterBytes} of them, calls {@code backlogged} (the socket stops reading, so TCP slows
 * the client down) and draining below half of both calls {@code drained} (reading resumes). Should
 * frames still arrive past twice either high water (reading did not stop in time), {@link
 * #offerRequest} refuses them: the caller drops the frame and says so. Control tasks (close, tick)
 * are never refused.
 *
 * <p>A request offered {@code here} runs on the offering thread at once when the mailbox is idle
 * (nothing waits, nothing runs): for requests that cannot wait, which then cost no task on the
 * executor. Otherwise it waits behind the others as any request does, so the order stays the order
 * of submission and the bounds above count it the same way.
 *
 * <p>A task that throws, even an {@link Error}, is logged and the next one runs: the mailbox never
 * stops serving its connection, so a close still closes and the connection's slot still frees.
 *
 * <p>There is one mailbox per connection, so its counters are plain fields updated through {@link
 * VarHandle}s rather than four atomic objects of their own (about 100 bytes per connection).
 */
final class SerialMailbox {

  private static final System.Logger LOG = System.getLogger(SerialMailbox.class.getName());

  private final Executor executor;
  private final int highWater;
  private final long highWaterBytes;
  private final Runnable backlogged;
  private final Runnable drained;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

  // The counters below are read and written through the VarHandles that follow.
  private volatile int pendingRequests;

  private volatile long pendingBytes;

  private volatile boolean scheduled;

  private volatile boolean paused;

  /** The thread running a request offered {@code here}, while it runs; null otherwise. */
  private volatile Thread runningHere;

  private static final VarHandle PENDING_REQUESTS;
  private static final VarHandle PENDING_BYTES;
  private static final VarHandle SCHEDULED;
  private static final VarHandle PAUSED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PENDING_REQUESTS = lookup.findVarHandle(SerialMailbox.class, "pendingRequests", int.class);
      PENDING_BYTES = lookup.findVarHandle(SerialMailbox.class, "pendingBytes", long.class);
      SCHEDULED = lookup.findVarHandle(SerialMailbox.class, "scheduled", boolean.class);
      PAUSED = lookup.findVarHandle(SerialMailbox.class, "paused", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  SerialMailbox(
      Executor executor,
      int highWater,
      long highWaterBytes,
      Runnable backlogged,
      Runnable drained) {
    this.executor = executor;
    this.highWater = highWater;
    this.highWaterBytes = highWaterBytes;
    this.backlogged = backlogged;
    this.drained = drained;
  }

  /**
   * Queues a request holding about {@code bytes} of memory; false when other requests wait and
   * twice either high water would be crossed.
   */
  boolean offerRequest(Runnable task, long bytes) {
    return offerRequest(task, bytes, false);
  }

  /**
   * As {@link #offerRequest(Runnable, long)}; with {@code here}, the request runs on the calling
   * thread before this returns when the mailbox is idle. Tasks submitted meanwhile by other threads
   * run on the executor after it.
   */
  boolean offerRequest(Runnable task, long bytes, boolean here) {
    int pending = (int) PENDING_REQUESTS.getAndAdd(this, 1) + 1;
    long pendingSize = (long) PENDING_BYTES.getAndAdd(this, bytes) + bytes;
    // A request alone is always taken, however large: the frame size limit bounds it.
    if (pending > 1 && (pending > 2 * highWater || pendingSize > 2 * highWaterBytes)) {
      PENDING_REQUESTS.getAndAdd(this, -1);
      PENDING_BYTES.getAndAdd(this, -bytes);
      return false;
    }
    if ((pending >= highWater || pendingSize >= highWaterBytes)
        && PAUSED.compareAndSet(this, false, true)) {
      backlogged.run();
    }
    if (here && tasks.isEmpty() && SCHEDULED.compareAndSet(this, false, true)) {
      runHere(task, bytes);
    } else {
      enqueue(() -> runCounted(task, bytes));
    }
    return true;
  }

  /** Whether the calling thread is running a request offered {@code here}, on this mailbox. */
  boolean runsHere() {
    return runningHere == Thread.currentThread();
  }

  private void runCounted(Runnable task, long bytes) {
    int left = (int) PENDING_REQUESTS.getAndAdd(this, -1) - 1;
    long leftBytes = (long) PENDING_BYTES.getAndAdd(this, -bytes) - bytes;
    if (left <= highWater / 2
        && leftBytes <= highWaterBytes / 2
        && PAUSED.compareAndSet(this, true, false)) {
      drained.run();
    }
    task.run();
  }

  /** Runs a request on this thread, which holds the mailbox; hands on what came meanwhile. */
  private void runHere(Runnable task, long bytes) {
    runningHere = Thread.currentThread();
    try {
      runCounted(task, bytes);
    } catch (Throwable e) {
      LOG.log(Level.ERROR, "connection task failed; the connection carries on", e);
    } finally {
      runningHere = null;
      SCHEDULED.setVolatile(this, false);
    }
    if (!tasks.isEmpty() && SCHEDULED.compareAndSet(this, false, true)) {
      execute();
    }
  }

  /** Queues a control task; never refused. */
  void submit(Runnable task) {
    enqueue(task);
  }

  private void enqueue(Runnable task) {
    tasks.add(task);
    if (SCHEDULED.compareAndSet(this, false, true)) {
      execute();
    }
  }

  /** Starts draining on the executor; call after claiming {@link #scheduled}. */
  private void execute() {
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException stopped) {
      // The gateway has stopped; its connections are closed already.
      LOG.log(Level.DEBUG, "task dropped: the executor has stopped");
    }
  }

  private void drain() {
    while (true) {
      try {
        Runnable task;
        while ((task = tasks.poll()) != null) {
          try {
            task.run();
          } catch (Throwable e) {
            LOG.log(Level.ERROR, "connection task failed; the connection carries on", e);
          }
        }
      } finally {
        // Reset even if logging itself failed: a mailbox left marked as running would never run
        // again, and its connection would stay registered with no socket.
        SCHEDULED.setVolatile(this, false);
      }
      // A task added between the last poll and the reset must not wait for the next submit.
      if (tasks.isEmpty() || !SCHEDULED.compareAndSet(this, false, true)) {
        return;
      }
    }
  }
}
