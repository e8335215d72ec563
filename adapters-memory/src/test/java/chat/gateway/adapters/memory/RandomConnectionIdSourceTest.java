package chat.gateway.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.ConnectionId;
import chat.gateway.testsupport.Concurrently;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomConnectionIdSourceTest {

  @Test
  void oneHundredThousandIdsAreUnique() {
    RandomConnectionIdSource ids = new RandomConnectionIdSource();

    Set<ConnectionId> drawn = new HashSet<>();
    IntStream.range(0, 100_000).forEach(i -> drawn.add(ids.next()));

    assertThat(drawn).hasSize(100_000);
  }

  @Test
  void idsDrawnFromManyThreadsAreUnique() {
    RandomConnectionIdSource ids = new RandomConnectionIdSource();

    List<List<ConnectionId>> drawn =
        Concurrently.run(8, () -> IntStream.range(0, 10_000).mapToObj(i -> ids.next()).toList());

    assertThat(drawn.stream().flatMap(List::stream)).doesNotHaveDuplicates().hasSize(80_000);
  }

  @Test
  void twoInstancesLikeTwoProcessesDrawDifferentIds() {
    RandomConnectionIdSource first = new RandomConnectionIdSource();
    RandomConnectionIdSource second = new RandomConnectionIdSource();

    List<ConnectionId> fromFirst = IntStream.range(0, 1_000).mapToObj(i -> first.next()).toList();
    List<ConnectionId> fromSecond = IntStream.range(0, 1_000).mapToObj(i -> second.next()).toList();

    assertThat(fromFirst).doesNotContainAnyElementsOf(fromSecond);
  }
}
