package chat.gateway.adapters.memory;

import static chat.gateway.testsupport.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.Users;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, defect 6: the store numbered messages from 1 in every process, so a client that saw id 1
 * before a restart dropped the restarted gateway's first message as a repeat. Ids are time-based: a
 * new instance (a restart: it starts empty) hands out ids above every id of the previous one.
 */
class InMemoryMessageStoreIdsTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private final AtomicLong millis = new AtomicLong(START.toEpochMilli());
  private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
  private final UserId alice = Users.randomUser();
  private final UserId bob = Users.randomUser();

  @Test
  void aRestartedStoreHandsOutIdsAboveThePreviousOnesWithTheClockWhereItWas() {
    InMemoryMessageStore before = store();
    List<Long> earlier = storeOverTime(before);

    // The new instance starts when the last message was stored, to the millisecond.
    List<Long> later = storeMany(store(), 10);

    assertThat(later).allSatisfy(id -> assertThat(id).isGreaterThan(max(earlier)));
  }

  @Test
  void aRestartedStoreHandsOutIdsAboveThePreviousOnesWhenTheClockSteppedBackALittle() {
    List<Long> earlier = storeOverTime(store());

    millis.addAndGet(-Duration.ofSeconds(30).toMillis());
    List<Long> later = storeMany(store(), 10);

    assertThat(later).allSatisfy(id -> assertThat(id).isGreaterThan(max(earlier)));
  }

  @Test
  void aRestartAfterABurstOfManyMessagesInOneMillisecondStillStartsAbove() {
    List<Long> earlier = storeMany(store(), 3_000);

    millis.addAndGet(5); // 3,000 ids are about three milliseconds' worth
    List<Long> later = storeMany(store(), 10);

    assertThat(later).allSatisfy(id -> assertThat(id).isGreaterThan(max(earlier)));
  }

  @Test
  void idsIncreaseWhenTheClockStandsStillOrStepsBack() {
    InMemoryMessageStore store = store();
    List<Long> ids = new ArrayList<>(storeMany(store, 2_000));
    millis.addAndGet(-Duration.ofHours(1).toMillis());
    ids.addAll(storeMany(store, 10));

    assertThat(ids).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void idsAreTheClocksMillisecondsShiftedTenBitsAndSafeForJavaScript() {
    InMemoryMessageStore store = store();
    millis.addAndGet(Duration.ofHours(1).toMillis()); // past the restart margin

    long id = storeOne(store);

    assertThat(id).isEqualTo(millis.get() << 10);
    assertThat(id).isLessThan(1L << 53);
  }

  @Test
  void idsStayBelowTwoToThe53UntilTheYear2248() {
    millis.set(Instant.parse("2248-01-01T00:00:00Z").toEpochMilli());
    assertThat(storeOne(store())).isLessThan(1L << 53);

    millis.set(Instant.parse("2249-01-01T00:00:00Z").toEpochMilli());
    InMemoryMessageStore tooLate = store();
    assertThatThrownBy(() -> storeOne(tooLate)).hasMessageContaining("2^53");
    assertThat(tooLate.latestId()).isEmpty();
  }

  @Test
  void aNewStoreHasNoLatestId() {
    InMemoryMessageStore store = store();
    assertThat(store.latestId()).isEmpty();

    long id = storeOne(store);

    assertThat(store.latestId()).contains(MessageId.of(id));
  }

  /** Messages stored over two minutes: past the margin a new instance starts with. */
  private List<Long> storeOverTime(InMemoryMessageStore store) {
    List<Long> ids = new ArrayList<>();
    for (int second = 0; second < 120; second++) {
      millis.addAndGet(1_000);
      ids.addAll(storeMany(store, 5));
    }
    return ids;
  }

  private InMemoryMessageStore store() {
    return new InMemoryMessageStore(clock, InMemoryMessageStore.Bounds.defaults());
  }

  private List<Long> storeMany(InMemoryMessageStore store, int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(storeOne(store));
    }
    return ids;
  }

  private long storeOne(InMemoryMessageStore store) {
    return store.store(aMessage().from(alice).to(bob).build()).message().id().value();
  }

  private static long max(List<Long> ids) {
    return ids.stream().mapToLong(Long::longValue).max().orElseThrow();
  }
}
