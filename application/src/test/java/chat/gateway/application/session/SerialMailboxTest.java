package chat.gateway.application.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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

  /** Waits until every task submitted so far ran (the executor runs one task at a time). */
  private void awaitIdle() throws Exception {
    for (int i = 0; i < 3; i++) {
      executor.submit(() -> {}).get(5, TimeUnit.SECONDS);
    }
  }
}
