package chat.gateway.client;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's one event thread: frames, timers, listener callbacks and future completions all run on
 * it, one at a time and in order, so the client's state needs no locks. Its threads, and those of
 * the client's socket executor, are daemons named {@code <name>-events} and {@code <name>-io-N}, so
 * that a client nobody closed never keeps a JVM alive, and a test can see that close() ended them.
 */
final class EventLoop {

  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

  private final ScheduledThreadPoolExecutor scheduler;
  private volatile Thread thread;

  EventLoop(String name) {
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread created = new Thread(task, name + "-events");
              created.setDaemon(true);
              thread = created;
              return created;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** A pool for the JDK HttpClient's work, with this client's thread names. */
  static ExecutorService ioExecutor(String name) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread created = new Thread(task, name + "-io-" + count.incrementAndGet());
          created.setDaemon(true);
          return created;
        };
    return Executors.newCachedThreadPool(factory);
  }

  /**
   * Runs {@code task} on the event thread; after shutdown, drops it (the client is closed).
   *
   * @return false when the task was dropped
   */
  boolean submit(Runnable task) {
    try {
      scheduler.execute(() -> runLogged(task));
      return true;
    } catch (RejectedExecutionException closed) {
      LOG.log(Level.DEBUG, "client closed; event dropped");
      return false;
    }
  }

  /** Runs {@code task} now when called on the event thread, else submits it. */
  void run(Runnable task) {
    if (inEventThread()) {
      task.run();
    } else {
      submit(task);
    }
  }

  /** Runs {@code task} on the event thread after {@code delay}; null once shut down. */
  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    try {
      return scheduler.schedule(() -> runLogged(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      return null;
    }
  }

  /** Runs {@code task} on the event thread every {@code period}; null once shut down. */
  ScheduledFuture<?> every(Duration period, Runnable task) {
    try {
      long nanos = period.toNanos();
      return scheduler.scheduleAtFixedRate(
          () -> runLogged(task), nanos, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      return null;
    }
  }

  boolean inEventThread() {
    return Thread.currentThread() == thread;
  }

  /** Runs what is queued, then stops; waits up to {@code wait} unless called from the loop. */
  void shutdown(Duration wait) {
    scheduler.shutdown();
    if (inEventThread()) {
      return;
    }
    try {
      if (!scheduler.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static void runLogged(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // A listener's bug must not stop the client's event thread.
      LOG.log(Level.WARNING, "a client callback failed", e);
    }
  }
}
