package chat.gateway.application.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialMailboxTest {

  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final AtomicInteger pauses = new AtomicInteger();
  private final AtomicInteger resumes = new AtomicInteger();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private SerialMailbox mailbox(int highWater, long highWaterBytes) {
    return new SerialMailbox(
        executor, highWater, highWaterBytes, pauses::incrementAndGet, resumes::incrementAndGet);
  }

  @Test
  void aTaskThatThrowsAnErrorDoesNotStopTheTasksAfterIt() throws Exception {
    SerialMailbox mailbox = mailbox(64, 1 << 20);
    List<String> ran = new ArrayList<>();

    mailbox.submit(() -> ran.add("before"));
    mailbox.submit(
        () -> {
          throw new OutOfMemoryError("simulated");
        });
    mailbox.submit(() -> ran.add("after an Error"));
    mailbox.submit(
        () -> {
          throw new IllegalStateException("simulated");
        });
    mailbox.submit(() -> ran.add("after a RuntimeException"));
    awaitIdle();
    // Later submissions still run: the mailbox is not left marked as running.
    mailbox.submit(() -> ran.add("submitted later"));
    awaitIdle();

    assertThat(ran)
        .containsExactly("before", "after an Error", "after a RuntimeException", "submitted later");
  }

  @Test
  void waitingRequestBytesStopTheReadingAndTwiceThemAreRefused() throws Exception {
    SerialMailbox mailbox = mailbox(1_000, 1_000);
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    mailbox.submit(
        () -> {
          try {
            hold.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });

    assertThat(mailbox.offerRequest(() -> {}, 600)).isTrue();
    assertThat(pauses).hasValue(0);
    assertThat(mailbox.offerRequest(() -> {}, 600)).isTrue();
    assertThat(pauses).as("1,200 bytes wait: reading stops").hasValue(1);
    assertThat(mailbox.offerRequest(() -> {}, 900)).as("2,100 bytes would wait").isFalse();
    assertThat(mailbox.offerRequest(() -> {}, 700)).as("exactly twice the bytes").isTrue();

    hold.countDown();
    awaitIdle();
    assertThat(resumes).as("drained: reading resumes").hasValue(1);
  }

  @Test
  void aSingleRequestIsTakenHoweverLarge() throws Exception {
    SerialMailbox mailbox = mailbox(64, 1_000);
    AtomicInteger ran = new AtomicInteger();

    assertThat(mailbox.offerRequest(ran::incrementAndGet, 1_000_000)).isTrue();
    awaitIdle();

    assertThat(ran).hasValue(1);
  }

  @Test
  void waitingRequestCountStopsTheReadingToo() throws Exception {
    SerialMailbox mailbox = mailbox(4, 1 << 20);
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    mailbox.submit(
        () -> {
          try {
            hold.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });

    for (int i = 0; i < 8; i++) {
      assertThat(mailbox.offerRequest(() -> {}, 10)).isTrue();
    }
    assertThat(pauses).hasValue(1);
    assertThat(mailbox.offerRequest(() -> {}, 10)).isFalse();
    hold.countDown();
    awaitIdle();
    assertThat(resumes).hasValue(1);
  }

  @Test
  void aRequestOfferedHereRunsOnTheOfferingThreadWhenNothingElseIsQueued() {
    SerialMailbox mailbox = mailbox(64, 1 << 20);
    List<Thread> ranOn = new ArrayList<>();
    List<Boolean> runsHere = new ArrayList<>();

    assertThat(
            mailbox.offerRequest(
                () -> {
                  ranOn.add(Thread.currentThread());
                  runsHere.add(mailbox.runsHere());
                },
                10,
                true))
        .isTrue();

    assertThat(ranOn).containsExactly(Thread.currentThread());
    assertThat(runsHere).containsExactly(true);
    assertThat(mailbox.runsHere()).isFalse();
  }

  @Test
  void aRequestOfferedHereWaitsBehindQueuedTasksAndKeepsTheOrder() throws Exception {
    SerialMailbox mailbox = mailbox(64, 1 << 20);
    CountDownLatch hold = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    List<Boolean> runsHere = new CopyOnWriteArrayList<>();
    mailbox.submit(() -> awaitQuietly(hold));

    mailbox.offerRequest(() -> ran.add("first"), 10, false);
    mailbox.offerRequest(
        () -> {
          ran.add("second, offered here");
          runsHere.add(mailbox.runsHere());
        },
        10,
        true);
    assertThat(ran).as("the mailbox is busy: nothing ran on this thread").isEmpty();
    hold.countDown();
    awaitIdle();
    mailbox.offerRequest(() -> ran.add("third, offered here once idle"), 10, true);

    assertThat(ran)
        .containsExactly("first", "second, offered here", "third, offered here once idle");
    assertThat(runsHere).containsExactly(false);
  }

  @Test
  void requestsOfferedHereBehindABusyMailboxStopTheReadingAndAreRefusedAsAnyOther()
      throws Exception {
    SerialMailbox mailbox = mailbox(4, 1 << 20);
    CountDownLatch hold = new CountDownLatch(1);
    mailbox.submit(() -> awaitQuietly(hold));

    for (int i = 0; i < 8; i++) {
      assertThat(mailbox.offerRequest(() -> {}, 10, true)).isTrue();
    }
    assertThat(pauses).hasValue(1);
    assertThat(mailbox.offerRequest(() -> {}, 10, true)).isFalse();
    hold.countDown();
    awaitIdle();
    assertThat(resumes).hasValue(1);
  }

  @Test
  void aTaskSubmittedWhileARequestRunsHereRunsAfterItOnTheExecutor() throws Exception {
    SerialMailbox mailbox = mailbox(64, 1 << 20);
    List<String> ran = new CopyOnWriteArrayList<>();
    List<Thread> controlRanOn = new CopyOnWriteArrayList<>();

    mailbox.offerRequest(
        () -> {
          // Another thread submits a control task (a close, a tick) while this request runs.
          Thread other =
              Thread.ofPlatform()
                  .start(
                      () ->
                          mailbox.submit(
                              () -> {
                                ran.add("control");
                                controlRanOn.add(Thread.currentThread());
                              }));
          joinQuietly(other);
          ran.add("request");
        },
        10,
        true);
    awaitIdle();

    assertThat(ran).containsExactly("request", "control");
    assertThat(controlRanOn).doesNotContain(Thread.currentThread());
  }

  @Test
  void aRequestRunHereThatThrowsLeavesTheMailboxServing() throws Exception {
    SerialMailbox mailbox = mailbox(64, 1 << 20);
    List<String> ran = new ArrayList<>();

    assertThat(
            mailbox.offerRequest(
                () -> {
                  throw new IllegalStateException("simulated");
                },
                10,
                true))
        .isTrue();
    mailbox.offerRequest(() -> ran.add("after"), 10, true);

    assertThat(ran).containsExactly("after");
    assertThat(mailbox.runsHere()).isFalse();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every task submitted so far ran (the executor runs one task at a time). */
  private void awaitIdle() throws Exception {
    for (int i = 0; i < 3; i++) {
      executor.submit(() -> {}).get(5, TimeUnit.SECONDS);
    }
  }
}
