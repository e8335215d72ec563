package chat.gateway.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.gateway.adapters.persistence.GroupCommitter.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batching mechanics of {@link GroupCommitter}, with a batch writer that records what it gets
 * (the database side is {@code GroupCommitIT}). Batches are made deterministic by holding the
 * writer in its first batch until the other calls are queued.
 */
class GroupCommitterTest {

  /** Thrown by the test's failure mapper, so that tests can tell it from anything else. */
  static final class Unavailable extends RuntimeException {
    Unavailable(Throwable cause) {
      super("unavailable: " + cause.getMessage(), cause);
    }
  }

  private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
  private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private GroupCommitter<Integer, String> committer;

  @AfterEach
  void stop() {
    release.countDown();
    if (committer != null) {
      committer.close(Duration.ofSeconds(5));
    }
    callers.shutdownNow();
  }

  private GroupCommitter<Integer, String> start(int writers, int maxBatch, int maxWaiting) {
    return start(writers, maxBatch, maxWaiting, Duration.ofSeconds(30), this::holdThenAnswer);
  }

  private GroupCommitter<Integer, String> start(
      int writers,
      int maxBatch,
      int maxWaiting,
      Duration queueWait,
      GroupCommitter.BatchWriter<Integer, String> writer) {
    committer =
        new GroupCommitter<>(
            "test-group-commit",
            writers,
            maxBatch,
            maxWaiting,
            queueWait,
            writer,
            Unavailable::new);
    return committer;
  }

  /**
   * Records each batch; the batch holding item 0 waits for {@link #release}; answers "v" + item.
   */
  private void holdThenAnswer(List<Request<Integer, String>> batch) throws InterruptedException {
    List<Integer> items = batch.stream().map(Request::item).toList();
    batches.add(items);
    if (items.contains(0)) {
      release.await();
    }
    batch.forEach(request -> request.complete("v" + request.item()));
  }

  private Future<String> submit(int item) {
    return callers.submit(() -> committer.submit(item));
  }

  /** Submits item 0 and waits until the writer holds it, so later calls queue up. */
  private Future<String> holdTheWriter() {
    Future<String> first = submit(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> !batches.isEmpty());
    return first;
  }

  @Test
  void aLoneCallIsWrittenAtOnceInABatchOfItsOwn() {
    start(1, 256, 16);
    release.countDown();

    assertThat(committer.submit(7)).isEqualTo("v7");
    assertThat(committer.submit(8)).isEqualTo("v8");

    assertThat(batches).containsExactly(List.of(7), List.of(8));
  }

  @Test
  void theWriterTakesEveryWaitingCallAtOnceUpToTheBatchSize() throws Exception {
    start(1, 4, 100);
    Future<String> first = holdTheWriter();
    List<Future<String>> queued = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      queued.add(submit(i));
      int count = i;
      // One at a time, so that the queue order, and so the batches, are known.
      await().atMost(Duration.ofSeconds(10)).until(() -> committer.waiting() == count);
    }
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("v0");
    for (int i = 0; i < queued.size(); i++) {
      assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("v" + (i + 1));
    }
    assertThat(batches)
        .containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9, 10));
    assertThat(committer.batches()).isEqualTo(4);
    assertThat(committer.items()).isEqualTo(11);
  }

  @Test
  void whenTheQueueIsFullACallerWaitsForRoomAndThenGoesThrough() throws Exception {
    start(1, 256, 2);
    Future<String> first = holdTheWriter();
    Future<String> a = submit(1);
    Future<String> b = submit(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> committer.waiting() == 2);

    CompletableFuture<String> third = new CompletableFuture<>();
    Thread caller = Thread.ofPlatform().start(() -> third.complete(committer.submit(3)));
    // It cannot be queued: its caller waits for room (it neither fails nor goes through) ...
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> caller.getState() == Thread.State.TIMED_WAITING);
    assertThat(third).isNotDone();
    assertThat(committer.waiting()).isEqualTo(2);
    release.countDown();

    // ... and goes through once the writer makes room.
    assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("v3");
    assertThat(List.of(first.get(), a.get(), b.get())).containsExactly("v0", "v1", "v2");
  }

  @Test
  void aCallThatFindsNoRoomWithinTheQueueWaitFailsAndNothingIsQueued() throws Exception {
    start(1, 256, 1, Duration.ofMillis(300), this::holdThenAnswer);
    Future<String> first = holdTheWriter();
    Future<String> queued = submit(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> committer.waiting() == 1);

    assertThatThrownBy(() -> committer.submit(2))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("1 writes were already waiting")
        .hasMessageContaining("300 ms");
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("v0");
    assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
    assertThat(batches).containsExactly(List.of(0), List.of(1));
  }

  @Test
  void aFailingBatchFailsEachOfItsCallersAndTheWriterGoesOn() throws Exception {
    start(1, 256, 100, Duration.ofSeconds(30), this::holdThenAnswerUnlessPoisoned);
    Future<String> first = holdTheWriter();
    List<Future<String>> poisonedBatch = IntStream.of(1, 2, -1, 3).mapToObj(this::submit).toList();
    await().atMost(Duration.ofSeconds(10)).until(() -> committer.waiting() == 4);
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("v0");
    for (Future<String> call : poisonedBatch) {
      assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(Unavailable.class)
          .hasMessageContaining("poisoned batch");
    }
    assertThat(committer.submit(4)).isEqualTo("v4");
  }

  private void holdThenAnswerUnlessPoisoned(List<Request<Integer, String>> batch)
      throws InterruptedException {
    if (batch.stream().anyMatch(request -> request.item() < 0)) {
      // Completes one call first: a failure after that leaves that one's outcome alone.
      batch.getFirst().fail(new Unavailable(new IllegalStateException("poisoned batch")));
      throw new IllegalStateException("poisoned batch");
    }
    holdThenAnswer(batch);
  }

  @Test
  void aCallTheWriterLeavesOpenFailsInsteadOfWaitingForever() {
    start(1, 256, 16, Duration.ofSeconds(30), batch -> {});

    assertThatThrownBy(() -> committer.submit(1))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("left a request open");
  }

  @Test
  void closingFailsTheWaitingCallsAndRefusesNewOnes() throws Exception {
    start(1, 256, 16);
    holdTheWriter();
    Future<String> waiting = submit(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> committer.waiting() == 1);

    committer.close(Duration.ofMillis(100));

    assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> committer.submit(2))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("closed");
  }

  @Test
  void severalWritersWriteBatchesAtOnce() throws Exception {
    CountDownLatch bothInFlight = new CountDownLatch(2);
    start(
        2,
        256,
        16,
        Duration.ofSeconds(30),
        batch -> {
          bothInFlight.countDown();
          // Each writer's batch completes only once the other writer holds one too.
          if (!bothInFlight.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the other writer never took a batch");
          }
          batch.forEach(request -> request.complete("v" + request.item()));
        });

    Future<String> a = submit(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> bothInFlight.getCount() == 1);
    // The first writer is busy with its batch: the second writer takes this one.
    Future<String> b = submit(2);

    assertThat(a.get(15, TimeUnit.SECONDS)).isEqualTo("v1");
    assertThat(b.get(15, TimeUnit.SECONDS)).isEqualTo("v2");
  }

  @Test
  void refusesNonPositiveBounds() {
    assertThatThrownBy(() -> start(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> start(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> start(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
