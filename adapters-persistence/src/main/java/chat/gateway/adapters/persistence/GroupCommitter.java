package chat.gateway.adapters.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Group commit: many callers' writes share one round trip and one commit.
 *
 * <p>A caller {@linkplain #submit submits} its item and waits. Each of a fixed number of writer
 * threads takes the oldest waiting item (waiting for one when none is there) and, with it, whatever
 * else is waiting at that moment, up to {@code maxBatch} items, and hands that batch to the {@link
 * BatchWriter}, which writes and commits it and then completes each request. There is no timer:
 * when the writers are idle, an item is written at once, alone, so an idle store costs one round
 * trip; under load, items pile up while a batch is in flight and the next batch takes them all.
 *
 * <p><b>Bounds.</b> At most {@code maxWaiting} items wait in the queue (plus at most {@code
 * maxBatch} per writer in flight). When the queue is full a caller waits for room, at most {@code
 * queueWait}, and then fails with the exception {@code failure} makes; nothing queues without
 * bound.
 *
 * <p><b>Failures.</b> A batch writer may complete or fail each request on its own (to fail only the
 * offending one); whatever it leaves open when it returns or throws is failed with {@code failure}
 * of what it threw. A writer thread survives every failure and goes on with the next batch. After
 * {@link #close()} new submissions fail and waiting ones are failed.
 *
 * @param <T> what a caller submits
 * @param <R> what it gets back
 */
final class GroupCommitter<T, R> implements AutoCloseable {

  /** Writes one batch; completes or fails each request (see the class comment for leftovers). */
  @FunctionalInterface
  interface BatchWriter<T, R> {
    void write(List<Request<T, R>> batch) throws Exception;
  }

  /** One caller's item and the outcome it waits for. */
  static final class Request<T, R> {
    private final T item;
    private final CompletableFuture<R> outcome = new CompletableFuture<>();

    private Request(T item) {
      this.item = item;
    }

    T item() {
      return item;
    }

    /** Hands {@code result} to the caller; the first completion wins. */
    void complete(R result) {
      outcome.complete(result);
    }

    /** Fails the caller with {@code error}; the first completion wins. */
    void fail(RuntimeException error) {
      outcome.completeExceptionally(error);
    }

    boolean isDone() {
      return outcome.isDone();
    }
  }

  private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());

  private final BlockingQueue<Request<T, R>> queue;
  private final int maxBatch;
  private final int maxWaiting;
  private final Duration queueWait;
  private final BatchWriter<T, R> writer;
  private final Function<Throwable, RuntimeException> failure;
  private final List<Thread> writers;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong items = new AtomicLong();
  private volatile boolean closed;

  /**
   * Starts {@code writerThreads} writer threads named {@code name-N}.
   *
   * @param failure makes the exception a caller gets from what went wrong (a batch writer's
   *     exception, a full queue, a closed group commit)
   */
  GroupCommitter(
      String name,
      int writerThreads,
      int maxBatch,
      int maxWaiting,
      Duration queueWait,
      BatchWriter<T, R> writer,
      Function<Throwable, RuntimeException> failure) {
    if (writerThreads < 1 || maxBatch < 1 || maxWaiting < 1) {
      throw new IllegalArgumentException(
          "writer threads, batch size and queue size must be positive, got "
              + writerThreads
              + ", "
              + maxBatch
              + ", "
              + maxWaiting);
    }
    this.queue = new ArrayBlockingQueue<>(maxWaiting);
    this.maxBatch = maxBatch;
    this.maxWaiting = maxWaiting;
    this.queueWait = Objects.requireNonNull(queueWait, "queueWait");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.failure = Objects.requireNonNull(failure, "failure");
    List<Thread> threads = new ArrayList<>(writerThreads);
    for (int i = 0; i < writerThreads; i++) {
      threads.add(Thread.ofPlatform().daemon().name(name + "-" + i).unstarted(this::run));
    }
    this.writers = List.copyOf(threads);
    writers.forEach(Thread::start);
  }

  /**
   * Queues {@code item} and waits until a writer has written it; returns its result or throws what
   * the writer failed it with. Waits for room when the queue is full, at most the queue wait. Once
   * queued the wait is not cut short by an interrupt (the write may already be committed, and the
   * caller must learn its outcome); the interrupt status is kept.
   */
  R submit(T item) {
    Request<T, R> request = new Request<>(Objects.requireNonNull(item, "item"));
    if (closed) {
      throw failure.apply(new IllegalStateException("the store is closed"));
    }
    boolean queued;
    try {
      queued = queue.offer(request, queueWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure.apply(e);
    }
    if (!queued) {
      throw failure.apply(
          new IllegalStateException(
              maxWaiting
                  + " writes were already waiting for PostgreSQL and none left the queue in "
                  + queueWait.toMillis()
                  + " ms"));
    }
    if (closed && queue.remove(request)) {
      // Raced with close(), which may have drained the queue already: nobody else will fail it.
      throw failure.apply(new IllegalStateException("the store is closed"));
    }
    try {
      return request.outcome.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : failure.apply(e.getCause());
    }
  }

  private void run() {
    List<Request<T, R>> batch = new ArrayList<>(maxBatch);
    while (!closed) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(batch, maxBatch - 1);
      write(batch);
      batch.clear();
    }
  }

  private void write(List<Request<T, R>> batch) {
    // Counted before the writer completes the requests: whoever saw a request done sees it counted.
    batches.incrementAndGet();
    items.addAndGet(batch.size());
    Throwable error = null;
    try {
      writer.write(batch);
    } catch (Exception | Error e) {
      error = e;
    }
    for (Request<T, R> request : batch) {
      if (!request.isDone()) {
        request.fail(
            failure.apply(
                error != null
                    ? error
                    : new IllegalStateException("the batch writer left a request open")));
      }
    }
    if (error instanceof Error fatal && !(fatal instanceof OutOfMemoryError)) {
      LOG.log(System.Logger.Level.ERROR, "group commit: a batch failed", fatal);
    }
  }

  /** How many batches the writers have taken to write so far; for tests. */
  long batches() {
    return batches.get();
  }

  /** How many items those batches held; for tests. */
  long items() {
    return items.get();
  }

  /** How many requests wait in the queue now, not counting the batches in flight. */
  int waiting() {
    return queue.size();
  }

  /**
   * Stops taking work: new submissions fail, the writers finish the batch they hold (waiting at
   * most {@code timeout} for them), and the requests still queued are failed.
   */
  void close(Duration timeout) {
    closed = true;
    writers.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : writers) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        try {
          thread.join(Duration.ofNanos(left));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    List<Request<T, R>> left = new ArrayList<>();
    queue.drainTo(left);
    RuntimeException closedError = failure.apply(new IllegalStateException("the store is closed"));
    left.forEach(request -> request.fail(closedError));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
