package chat.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.domain.MessageId;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecentMessageIdsTest {

  @Test
  void anIdIsNewOnceThenARepeat() {
    RecentMessageIds recent = new RecentMessageIds(3);
    assertThat(recent.firstSighting(MessageId.of(5))).isTrue();
    assertThat(recent.firstSighting(MessageId.of(5))).isFalse();
    assertThat(recent.firstSighting(MessageId.of(6))).isTrue();
    assertThat(recent.firstSighting(MessageId.of(5))).isFalse();
  }

  @Test
  void idsArriveInAnyOrder() {
    RecentMessageIds recent = new RecentMessageIds(10);
    assertThat(recent.firstSighting(MessageId.of(9))).isTrue();
    assertThat(recent.firstSighting(MessageId.of(3))).isTrue();
    assertThat(recent.firstSighting(MessageId.of(9))).isFalse();
    assertThat(recent.firstSighting(MessageId.of(3))).isFalse();
  }

  @Test
  void theWindowKeepsTheLastCapacityIdsAndForgetsTheOldest() {
    RecentMessageIds recent = new RecentMessageIds(3);
    LongStream.rangeClosed(1, 4).forEach(id -> recent.firstSighting(MessageId.of(id)));

    assertThat(recent.size()).isEqualTo(3);
    assertThat(recent.firstSighting(MessageId.of(4))).as("still in the window").isFalse();
    assertThat(recent.firstSighting(MessageId.of(2))).as("still in the window").isFalse();
    assertThat(recent.firstSighting(MessageId.of(1))).as("forgotten: new again").isTrue();
    assertThat(recent.firstSighting(MessageId.of(2))).as("1 pushed 2 out").isTrue();
  }

  @Test
  void aRepeatDoesNotRenewAnIdsPlaceInTheWindow() {
    RecentMessageIds recent = new RecentMessageIds(2);
    recent.firstSighting(MessageId.of(1));
    recent.firstSighting(MessageId.of(2));
    recent.firstSighting(MessageId.of(1));
    recent.firstSighting(MessageId.of(3));

    assertThat(recent.firstSighting(MessageId.of(1))).as("oldest first seen, first out").isTrue();
  }

  @Test
  void memoryStaysBoundedAtTheDefaultCapacity() {
    RecentMessageIds recent = new RecentMessageIds(RecentMessageIds.DEFAULT_CAPACITY);
    LongStream.rangeClosed(1, 25_000).forEach(id -> recent.firstSighting(MessageId.of(id)));

    assertThat(recent.size()).isEqualTo(RecentMessageIds.DEFAULT_CAPACITY);
    assertThat(recent.firstSighting(MessageId.of(25_000 - 9_999))).isFalse();
    assertThat(recent.firstSighting(MessageId.of(25_000 - 10_000))).isTrue();
  }

  @Test
  void theCapacityIsPositive() {
    assertThatThrownBy(() -> new RecentMessageIds(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
