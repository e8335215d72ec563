package chat.gateway.application.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Timers that fire only when the test says: {@link #advance} moves their clock and runs, on the
 * test's thread, every one-shot task due by then, in the order they are due. Periodic scheduling is
 * not supported (the drain reschedules itself).
 */
final class ManualTimers extends AbstractExecutorService implements ScheduledExecutorService {

  private final List<Task<?>> tasks = new ArrayList<>();
  private long nowNanos;
  private boolean shutdown;

  /** Moves the clock by {@code by}, running each task due; returns how many ran. */
  int advance(Duration by) {
    long until = nowNanos + by.toNanos();
    int ran = 0;
    while (true) {
      Task<?> next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> t.dueNanos <= until)
                .min(Comparator.comparingLong(t -> t.dueNanos))
                .orElse(null);
        if (next == null) {
          nowNanos = until;
          return ran;
        }
        tasks.remove(next);
        nowNanos = Math.max(nowNanos, next.dueNanos);
      }
      next.run();
      ran++;
    }
  }

  /** How many tasks wait. */
  synchronized int pending() {
    return tasks.size();
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task<Void> task = new Task<>(command, nowNanos + unit.toNanos(delay));
    tasks.add(task);
    return task;
  }

  @Override
  public synchronized <V> ScheduledFuture<V> schedule(
      Callable<V> callable, long delay, TimeUnit unit) {
    Task<V> task = new Task<>(callable, nowNanos + unit.toNanos(delay));
    tasks.add(task);
    return task;
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("periodic tasks");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("periodic tasks");
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(tasks);
    tasks.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && tasks.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    private final long dueNanos;

    Task(Runnable runnable, long dueNanos) {
      super(runnable, null);
      this.dueNanos = dueNanos;
    }

    Task(Callable<V> callable, long dueNanos) {
      super(callable);
      this.dueNanos = dueNanos;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      synchronized (ManualTimers.this) {
        return unit.convert(dueNanos - nowNanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
