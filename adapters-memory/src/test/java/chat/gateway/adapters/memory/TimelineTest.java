package chat.gateway.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class TimelineTest {

  @Test
  void keepsTheSameIdsInTheSameOrderAsASortedSetThroughGrowthEvictionAndRemovals() {
    InMemoryMessageStore.Timeline timeline = new InMemoryMessageStore.Timeline();
    TreeSet<Long> expected = new TreeSet<>();
    RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
    long next = 1_000;
    for (int step = 0; step < 20_000; step++) {
      int action = random.nextInt(10);
      if (action < 6 || expected.isEmpty()) {
        next += 1 + random.nextInt(3);
        timeline.add(next);
        expected.add(next);
      } else if (action < 8) {
        long oldest = expected.pollFirst();
        timeline.remove(oldest);
      } else {
        List<Long> ids = new ArrayList<>(expected);
        long any = ids.get(random.nextInt(ids.size()));
        timeline.remove(any);
        expected.remove(any);
      }
      if (step % 997 == 0) {
        assertThat(contents(timeline)).containsExactlyElementsOf(expected);
      }
    }
    assertThat(contents(timeline)).containsExactlyElementsOf(expected);
    long probe = expected.isEmpty() ? next : expected.first() + 1;
    assertThat(timeline.indexAfter(probe)).isEqualTo(expected.headSet(probe, true).size());
  }

  @Test
  void anIdAddedTwiceIsKeptOnceAndRemovingAMissingIdChangesNothing() {
    InMemoryMessageStore.Timeline timeline = new InMemoryMessageStore.Timeline();
    timeline.add(5);
    timeline.add(5);
    timeline.add(9);
    timeline.remove(7);

    assertThat(contents(timeline)).containsExactly(5L, 9L);
    assertThat(timeline.indexAfter(4)).isZero();
    assertThat(timeline.indexAfter(5)).isEqualTo(1);
    assertThat(timeline.indexAfter(6)).isEqualTo(1);
    assertThat(timeline.indexAfter(9)).isEqualTo(2);
  }

  @Test
  void refusesAnIdBelowTheLast() {
    InMemoryMessageStore.Timeline timeline = new InMemoryMessageStore.Timeline();
    timeline.add(9);

    assertThatThrownBy(() -> timeline.add(8)).isInstanceOf(IllegalStateException.class);
  }

  private static List<Long> contents(InMemoryMessageStore.Timeline timeline) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < timeline.size(); i++) {
      ids.add(timeline.get(i));
    }
    return ids;
  }
}
