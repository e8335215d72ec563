package chat.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Event loops as strands: many on a few shared threads, each one at a time and in order. */
class EventLoopTest {

  private final ClientResources shared =
      ClientResources.builder().name("loop-test").eventThreads(3).build();

  @AfterEach
  void closeResources() {
    shared.close();
  }

  @Test
  void manyLoopsOnFewThreadsEachRunTheirTasksOneAtATimeAndInOrder() throws Exception {
    int loops = 40;
    int tasks = 2_000;
    List<EventLoop> strands =
        IntStream.range(0, loops).mapToObj(i -> new EventLoop(shared)).toList();
    List<List<Integer>> ran = new ArrayList<>();
    List<AtomicInteger> inside = new ArrayList<>();
    AtomicBoolean overlapped = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(loops);
    for (int l = 0; l < loops; l++) {
      ran.add(new CopyOnWriteArrayList<>());
      inside.add(new AtomicInteger());
    }

    List<Thread> submitters = new ArrayList<>();
    for (int l = 0; l < loops; l++) {
      int loop = l;
      submitters.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int t = 0; t < tasks; t++) {
                      int task = t;
                      strands
                          .get(loop)
                          .submit(
                              () -> {
                                if (inside.get(loop).incrementAndGet() != 1) {
                                  overlapped.set(true);
                                }
                                ran.get(loop).add(task);
                                inside.get(loop).decrementAndGet();
                                if (task == tasks - 1) {
                                  done.countDown();
                                }
                              });
                    }
                  }));
    }
    for (Thread submitter : submitters) {
      submitter.join();
    }

    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(overlapped).isFalse();
    List<Integer> expected = IntStream.range(0, tasks).boxed().toList();
    assertThat(ran).allSatisfy(order -> assertThat(order).isEqualTo(expected));
  }

  @Test
  void aTaskKnowsItRunsOnItsLoopAndOnlyOnIt() throws Exception {
    EventLoop loop = new EventLoop(shared);
    EventLoop other = new EventLoop(shared);
    CountDownLatch checked = new CountDownLatch(1);
    List<Boolean> seen = new CopyOnWriteArrayList<>();

    loop.submit(
        () -> {
          seen.add(loop.inEventThread());
          seen.add(other.inEventThread());
          checked.countDown();
        });

    assertThat(checked.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactly(true, false);
    assertThat(loop.inEventThread()).isFalse();
  }

  @Test
  void shutdownRunsWhatIsQueuedStopsItsTimersAndDropsWhatComesAfter() throws Exception {
    EventLoop loop = new EventLoop(shared);
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger ticks = new AtomicInteger();
    CountDownLatch ticking = new CountDownLatch(2);
    loop.every(
        Duration.ofMillis(5),
        () -> {
          ticks.incrementAndGet();
          ticking.countDown();
        });
    assertThat(ticking.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 100; i++) {
      loop.submit(ran::incrementAndGet);
    }

    loop.shutdown(Duration.ofSeconds(5));

    assertThat(ran).hasValue(100);
    assertThat(loop.submit(ran::incrementAndGet)).isFalse();
    assertThat((Object) loop.schedule(ran::incrementAndGet, Duration.ZERO)).isNull();
    int ticked = ticks.get();
    // The periodic timer was cancelled: a later tick would be dropped anyway, but none comes.
    CountDownLatch later = new CountDownLatch(1);
    shared.timers().schedule(later::countDown, 50, TimeUnit.MILLISECONDS);
    assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ticks).hasValue(ticked);
    assertThat(ran).hasValue(100);
  }

  @Test
  void aClientsOwnResourcesRunEventsAndTimersOnOneThread() throws Exception {
    ClientResources own = ClientResources.own("own-test", Optional.empty());
    try {
      EventLoop loop = new EventLoop(own);
      List<String> threads = new CopyOnWriteArrayList<>();
      CountDownLatch both = new CountDownLatch(2);
      loop.submit(
          () -> {
            threads.add(Thread.currentThread().getName());
            both.countDown();
          });
      loop.schedule(
          () -> {
            threads.add(Thread.currentThread().getName());
            both.countDown();
          },
          Duration.ofMillis(10));

      assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(threads).containsOnly("own-test-events");
    } finally {
      own.close();
    }
  }
}
