package chat.gateway.adapters.memory;

import static chat.gateway.testsupport.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.memory.InMemoryMessageStore.Bounds;
import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.StoreResult;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.Concurrently;
import chat.gateway.testsupport.Messages;
import chat.gateway.testsupport.Users;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, defect 5: the store grew until the heap ran out. It keeps at most a count, an estimated
 * number of bytes and an age of messages, evicting the oldest, and stays consistent for every
 * reader when it does.
 */
class InMemoryMessageStoreBoundsTest {

  private static final Duration LONG = Duration.ofDays(7);

  private final AtomicLong millis =
      new AtomicLong(Instant.parse("2026-03-01T10:00:00Z").toEpochMilli());
  private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
  private final UserId alice = Users.randomUser();
  private final UserId bob = Users.randomUser();
  private final UserId carol = Users.randomUser();

  @Test
  void keepsAtMostTheMaximumCountEvictingTheOldest() {
    InMemoryMessageStore store = store(new Bounds(5, Long.MAX_VALUE, LONG));

    List<Message> sent = storeMany(store, 12);

    assertThat(store.size()).isEqualTo(5);
    assertThat(history(store, bob)).containsExactlyElementsOf(sent.subList(7, 12));
    assertThat(store.find(sent.get(6).id())).isEmpty();
    assertThat(store.find(sent.get(7).id())).contains(sent.get(7));
  }

  @Test
  void keepsAtMostTheMaximumBytesCountingContentAndAFixedOverhead() {
    String kib = "x".repeat(1024);
    long perMessage = 1024 + InMemoryMessageStore.PER_MESSAGE_OVERHEAD_BYTES;
    InMemoryMessageStore store = store(new Bounds(1_000, 3 * perMessage, LONG));

    List<Message> sent =
        IntStream.range(0, 10)
            .mapToObj(n -> store(store, aMessage().from(alice).to(bob).text(kib)))
            .toList();

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.estimatedBytes()).isEqualTo(3 * perMessage);
    assertThat(history(store, alice)).containsExactlyElementsOf(sent.subList(7, 10));
  }

  @Test
  void countsContentInUtf8AndTheClientMsgIdToo() {
    NewMessageSizes sizes = new NewMessageSizes();
    assertThat(sizes.of("abc", null))
        .isEqualTo(3 + InMemoryMessageStore.PER_MESSAGE_OVERHEAD_BYTES);
    assertThat(sizes.of("é", null)).isEqualTo(2 + InMemoryMessageStore.PER_MESSAGE_OVERHEAD_BYTES);
    assertThat(sizes.of("好", null)).isEqualTo(3 + InMemoryMessageStore.PER_MESSAGE_OVERHEAD_BYTES);
    assertThat(sizes.of("😀", null)).isEqualTo(4 + InMemoryMessageStore.PER_MESSAGE_OVERHEAD_BYTES);
    assertThat(sizes.of("abc", "c-12"))
        .isEqualTo(7 + InMemoryMessageStore.PER_MESSAGE_OVERHEAD_BYTES);
  }

  @Test
  void aMessageLargerThanTheByteBoundIsAckedStoredAndEvictedAtOnce() {
    InMemoryMessageStore store = store(new Bounds(1_000, 100, LONG));

    StoreResult result = store.store(aMessage().from(alice).to(bob).text("x".repeat(200)).build());

    assertThat(result.duplicate()).isFalse();
    assertThat(store.size()).isZero();
    assertThat(store.estimatedBytes()).isZero();
    assertThat(store.latestId()).contains(result.message().id());
  }

  @Test
  void evictsMessagesOlderThanTheMaximumAgeAtTheNextStore() {
    InMemoryMessageStore store = store(new Bounds(1_000, Long.MAX_VALUE, Duration.ofHours(1)));
    List<Message> old = storeMany(store, 3);
    millis.addAndGet(Duration.ofMinutes(30).toMillis());
    List<Message> newer = storeMany(store, 2);

    millis.addAndGet(Duration.ofMinutes(31).toMillis());
    Message newest = store(store, aMessage().from(alice).to(bob));

    assertThat(old).allSatisfy(message -> assertThat(store.find(message.id())).isEmpty());
    assertThat(history(store, bob)).containsExactly(newer.get(0), newer.get(1), newest);
  }

  @Test
  void evictsMessagesOlderThanTheMaximumAgeWhenReadWithoutAnyNewStore() {
    InMemoryMessageStore store = store(new Bounds(1_000, Long.MAX_VALUE, Duration.ofHours(1)));
    List<Message> sent = storeMany(store, 3);

    millis.addAndGet(Duration.ofMinutes(61).toMillis());

    assertThat(history(store, bob)).isEmpty();
    assertThat(store.undelivered(bob, Optional.empty(), 10)).isEmpty();
    assertThat(store.find(sent.get(0).id())).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void aSyncFromBeforeTheEvictedMessagesStartsAtTheOldestKept() {
    InMemoryMessageStore store = store(new Bounds(4, Long.MAX_VALUE, LONG));
    List<Message> sent = storeMany(store, 10);

    HistoryPage byId = store.history(bob, new SyncCursor.AfterId(sent.get(1).id()), 2);
    HistoryPage byTime = store.history(bob, new SyncCursor.AfterTime(Instant.EPOCH), 10);

    assertThat(byId).isEqualTo(new HistoryPage(sent.subList(6, 8), true));
    assertThat(byTime).isEqualTo(new HistoryPage(sent.subList(6, 10), false));
  }

  @Test
  void theLoginPushNoLongerOffersAnEvictedMessage() {
    InMemoryMessageStore store = store(new Bounds(3, Long.MAX_VALUE, LONG));
    List<Message> sent = storeMany(store, 5);

    assertThat(store.undelivered(bob, Optional.empty(), 10))
        .containsExactlyElementsOf(sent.subList(2, 5));
    assertThat(store.undelivered(bob, Optional.of(sent.get(0).id()), 10))
        .containsExactlyElementsOf(sent.subList(2, 5));
  }

  @Test
  void anAckOfAnEvictedMessageChangesNothing() {
    InMemoryMessageStore store = store(new Bounds(1, Long.MAX_VALUE, LONG));
    Message first = store(store, aMessage().from(alice).to(bob));
    store(store, aMessage().from(alice).to(bob));

    assertThat(store.advance(first.id(), DeliveryStatus.DELIVERED)).isEmpty();
    assertThat(store.find(first.id())).isEmpty();
  }

  @Test
  void aRetryOfAnEvictedClientMsgIdIsStoredAgainWithANewId() {
    InMemoryMessageStore store = store(new Bounds(1, Long.MAX_VALUE, LONG));
    Message first = store(store, aMessage().from(alice).to(bob).clientMsgId("c-1"));
    store(store, aMessage().from(alice).to(carol));

    StoreResult retry = store.store(aMessage().from(alice).to(bob).clientMsgId("c-1").build());

    assertThat(retry.duplicate()).isFalse();
    assertThat(retry.message().id()).isGreaterThan(first.id());
  }

  @Test
  void evictionEmptiesEveryIndexOfAUserWhoseMessagesAllWent() {
    InMemoryMessageStore store = store(new Bounds(2, Long.MAX_VALUE, LONG));
    store(store, aMessage().from(alice).to(bob));
    store(store, aMessage().from(carol).to(carol));
    store(store, aMessage().from(carol).to(carol));

    assertThat(history(store, alice)).isEmpty();
    assertThat(history(store, bob)).isEmpty();
    assertThat(store.undelivered(bob, Optional.empty(), 10)).isEmpty();
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.estimatedBytes())
        .isEqualTo(2 * ("hello".length() + InMemoryMessageStore.PER_MESSAGE_OVERHEAD_BYTES));
  }

  @Test
  void theLatestIdSurvivesEviction() {
    InMemoryMessageStore store = store(new Bounds(1, Long.MAX_VALUE, LONG));
    List<Message> sent = storeMany(store, 3);

    assertThat(store.latestId()).contains(sent.get(2).id());
  }

  /**
   * The contract's paging-while-writing proof with eviction running all along: what the reader sees
   * is in order and once, and nothing still kept when the writers finish was skipped.
   */
  @Test
  void aReaderPagingWhileOthersWriteAndEvictionRunsSkipsNothingKept() {
    InMemoryMessageStore store =
        new InMemoryMessageStore(InstantSource.system(), new Bounds(300, Long.MAX_VALUE, LONG));
    int writers = 4;
    CountDownLatch done = new CountDownLatch(writers);

    List<List<Long>> results =
        Concurrently.run(
            writers + 1,
            i -> i == writers ? () -> pageUntilDone(store, done) : () -> write(store, 500, done));

    List<Long> written =
        results.subList(0, writers).stream().flatMap(List::stream).sorted().toList();
    List<Long> seen = results.get(writers);
    assertThat(seen).isSorted().doesNotHaveDuplicates();
    assertThat(written).containsAll(seen);
    assertThat(seen).containsAll(written.subList(written.size() - 300, written.size()));
    assertThat(store.size()).isEqualTo(300);
  }

  private List<Long> write(InMemoryMessageStore store, int count, CountDownLatch done) {
    try {
      return IntStream.range(0, count)
          .mapToObj(n -> store(store, aMessage().from(Users.randomUser()).to(bob)).id().value())
          .toList();
    } finally {
      done.countDown();
    }
  }

  private List<Long> pageUntilDone(InMemoryMessageStore store, CountDownLatch done) {
    List<Long> seen = new ArrayList<>();
    SyncCursor cursor = new SyncCursor.Beginning();
    boolean finished;
    do {
      finished = done.getCount() == 0;
      HistoryPage page;
      do {
        page = store.history(bob, cursor, 3);
        for (Message message : page.messages()) {
          seen.add(message.id().value());
          cursor = new SyncCursor.AfterId(message.id());
        }
      } while (page.hasMore());
      Thread.onSpinWait();
    } while (!finished);
    return seen;
  }

  private InMemoryMessageStore store(Bounds bounds) {
    return new InMemoryMessageStore(clock, bounds);
  }

  private List<Message> storeMany(InMemoryMessageStore store, int count) {
    return IntStream.range(0, count)
        .mapToObj(n -> store(store, aMessage().from(alice).to(bob).text("m" + n)))
        .toList();
  }

  private static Message store(InMemoryMessageStore store, Messages message) {
    return store.store(message.build()).message();
  }

  private static List<Message> history(InMemoryMessageStore store, UserId user) {
    return store.history(user, new SyncCursor.Beginning(), 1_000).messages();
  }

  private static final class NewMessageSizes {
    long of(String content, String clientMsgId) {
      Messages message = aMessage().text(content);
      if (clientMsgId != null) {
        message.clientMsgId(clientMsgId);
      }
      return InMemoryMessageStore.estimatedBytes(message.build());
    }
  }
}
