package chat.gateway.client;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client's event loop: frames, timers, listener callbacks and future completions all run through
 * it, one at a time and in the order given, so the client's state needs no locks. It is a strand
 * over an executor: a client alone gets a thread of its own ({@link ClientResources#own}); clients
 * that share {@link ClientResources} share its few threads, and each still sees its tasks run one
 * at a time, in order. A strand gives its thread back after a batch of tasks, so that one busy
 * client does not starve the others.
 */
final class EventLoop {

  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

  /** Tasks run in one go before the strand lets others have the thread. */
  private static final int BATCH = 64;

  private final Executor executor;
  private final ScheduledExecutorService timers;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Set<ScheduledFuture<?>> periodic = ConcurrentHashMap.newKeySet();
  private final CountDownLatch drained = new CountDownLatch(1);
  private volatile Thread running;
  private volatile boolean shutdown;

  EventLoop(ClientResources resources) {
    this.executor = resources.events();
    this.timers = resources.timers();
  }

  /**
   * Runs {@code task} on the loop; after shutdown, drops it (the client is closed).
   *
   * @return false when the task was dropped
   */
  boolean submit(Runnable task) {
    if (shutdown) {
      LOG.log(Level.DEBUG, "client closed; event dropped");
      return false;
    }
    enqueue(task);
    return true;
  }

  /** Runs {@code task} now when called on the loop, else submits it. */
  void run(Runnable task) {
    if (inEventThread()) {
      task.run();
    } else {
      submit(task);
    }
  }

  /** Runs {@code task} on the loop after {@code delay}; null once shut down. */
  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    if (shutdown) {
      return null;
    }
    try {
      return timers.schedule(() -> submit(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      return null;
    }
  }

  /** Runs {@code task} on the loop every {@code period}; null once shut down. */
  ScheduledFuture<?> every(Duration period, Runnable task) {
    if (shutdown) {
      return null;
    }
    try {
      long nanos = period.toNanos();
      ScheduledFuture<?> timer =
          timers.scheduleAtFixedRate(() -> submit(task), nanos, nanos, TimeUnit.NANOSECONDS);
      periodic.add(timer);
      return timer;
    } catch (RejectedExecutionException closed) {
      return null;
    }
  }

  /** Whether the caller runs one of this loop's tasks. */
  boolean inEventThread() {
    return Thread.currentThread() == running;
  }

  /**
   * Takes no more tasks, cancels its timers, and lets the tasks already queued run; waits up to
   * {@code wait} for them unless called from the loop itself.
   */
  void shutdown(Duration wait) {
    shutdown = true;
    periodic.forEach(timer -> timer.cancel(false));
    // Runs after everything queued before it.
    enqueue(drained::countDown);
    if (inEventThread()) {
      return;
    }
    try {
      if (!drained.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
        LOG.log(Level.DEBUG, "client events still running after {0}", wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void enqueue(Runnable task) {
    tasks.add(task);
    schedule();
  }

  /** Starts a drain unless one is running or due; exactly one drain runs at a time. */
  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException closed) {
        // The shared resources were closed under the client: nothing will run any more.
        shutdown = true;
        tasks.clear();
        drained.countDown();
      }
    }
  }

  private void drain() {
    running = Thread.currentThread();
    try {
      for (int ran = 0; ran < BATCH; ran++) {
        Runnable task = tasks.poll();
        if (task == null) {
          break;
        }
        runLogged(task);
      }
    } finally {
      running = null;
      scheduled.set(false);
    }
    // A task added after the last poll, or past the batch: drain again, as a new turn on the pool.
    if (!tasks.isEmpty()) {
      schedule();
    }
  }

  private static void runLogged(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // A listener's bug must not stop the client's events.
      LOG.log(Level.WARNING, "a client callback failed", e);
    }
  }
}
