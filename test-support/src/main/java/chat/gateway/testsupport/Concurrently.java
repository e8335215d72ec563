package chat.gateway.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs tasks on platform threads released together by one gate, so they really overlap, and returns
 * their results in task order. A task's exception fails the caller.
 */
public final class Concurrently {

  private static final long TIMEOUT_SECONDS = 30;

  private Concurrently() {}

  /** Runs {@code threads} copies of {@code task} at once. */
  public static <T> List<T> run(int threads, Callable<T> task) {
    return run(threads, index -> task);
  }

  /** Runs {@code task.apply(i)} for each i below {@code threads}, all at once. */
  public static <T> List<T> run(int threads, IntFunction<Callable<T>> task) {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch gate = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        Callable<T> body = task.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  gate.await();
                  return body.call();
                }));
      }
      ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      gate.countDown();
      List<T> results = new ArrayList<>(threads);
      for (Future<T> future : futures) {
        results.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for concurrent tasks", e);
    } catch (ExecutionException e) {
      throw new AssertionError("a concurrent task failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("concurrent tasks did not finish in " + TIMEOUT_SECONDS + " s", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
