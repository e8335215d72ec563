package chat.gateway.testsupport;

import static chat.gateway.testsupport.Messages.aMessage;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.NewMessage;
import chat.gateway.application.port.out.StoreResult;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MessageStore} promises in its Javadoc. An adapter's test extends this class and
 * only says how to build the store. Tests never clear the store: each uses users of its own.
 */
public abstract class MessageStoreContract {

  private static final int ALL = 1_000;

  private final UserId alice = randomUser();
  private final UserId bob = randomUser();
  private final UserId carol = randomUser();
  private MessageStore store;

  /** A store to test; it may hold messages of other tests. */
  protected abstract MessageStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @Test
  void assignsPositiveIdsThatIncrease() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(store(aMessage().from(alice).to(bob)).id().value());
    }
    assertThat(ids)
        .allSatisfy(id -> assertThat(id).isPositive())
        .isSorted()
        .doesNotHaveDuplicates();
  }

  @Test
  void storesWithStatusSentAndKeepsEveryField() {
    Instant at = Instant.parse("2026-03-01T10:15:30.123Z");
    NewMessage sent =
        aMessage().from(alice).to(bob).image("media-7").createdAt(at).clientMsgId("c-1").build();

    StoreResult result = store.store(sent);

    assertThat(result.duplicate()).isFalse();
    Message message = result.message();
    assertThat(message.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(message.from()).isEqualTo(alice);
    assertThat(message.to()).isEqualTo(bob);
    assertThat(message.type()).isEqualTo(ContentType.IMAGE);
    assertThat(message.content()).isEqualTo("media-7");
    assertThat(message.createdAt()).isEqualTo(at);
    assertThat(message.clientMsgId()).contains("c-1");
    assertThat(store.find(message.id())).contains(message);
  }

  /**
   * Any Unicode comes back exactly as given, in every read: astral characters and emoji sequences,
   * right-to-left text, combining marks, U+0000 (well-formed UTF-8, so allowed on the wire), a byte
   * order mark, an empty content, and 64 KiB of three-byte characters.
   */
  @Test
  void contentAndClientMsgIdComeBackExactlyAsGiven() {
    List<String> contents =
        List.of(
            "",
            "plain",
            "\uD83D\uDE00 \uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD834\uDD1E",
            "\u4F60\u597D\uFF0C\u4E16\u754C",
            "\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627",
            "e\u0301 \u00E9 A\u030A",
            "nul\u0000inside\u0000",
            "\uFEFFbom, tab\t, cr\r, lf\n, del\u007F",
            "\u20AC".repeat(65_536 / 3) + "x");
    for (int i = 0; i < contents.size(); i++) {
      String content = contents.get(i);
      String clientMsgId = "id-" + i + "-\u0000-\uD83D\uDE00-\u00E9";
      Message stored = store(aMessage().from(alice).to(bob).text(content).clientMsgId(clientMsgId));

      assertThat(stored.content()).isEqualTo(content);
      assertThat(stored.clientMsgId()).contains(clientMsgId);
      assertThat(store.find(stored.id()).orElseThrow().content()).isEqualTo(content);
      assertThat(store.find(stored.id()).orElseThrow().clientMsgId()).contains(clientMsgId);
      StoreResult retry =
          store.store(
              aMessage().from(alice).to(bob).text("other").clientMsgId(clientMsgId).build());
      assertThat(retry.duplicate()).isTrue();
      assertThat(retry.message()).isEqualTo(stored);
    }
    assertThat(history(bob)).extracting(Message::content).containsExactlyElementsOf(contents);
    assertThat(store.undelivered(bob, Optional.empty(), ALL))
        .extracting(Message::content)
        .containsExactlyElementsOf(contents);
  }

  @Test
  void theLatestIdIsAtLeastTheIdOfEveryMessageStoreReturned() {
    List<Boolean> held =
        Concurrently.run(
            4,
            () -> {
              for (int n = 0; n < 100; n++) {
                MessageId id = store(aMessage().from(alice).to(bob)).id();
                if (store.latestId().filter(latest -> latest.compareTo(id) >= 0).isEmpty()) {
                  return false;
                }
              }
              return true;
            });

    assertThat(held).containsOnly(true);
  }

  @Test
  void findsNothingForAnUnknownId() {
    assertThat(store.find(MessageId.of(Long.MAX_VALUE))).isEmpty();
  }

  @Test
  void aRetryWithTheSameClientMsgIdReturnsTheFirstMessageAndStoresNothing() {
    StoreResult first = store.store(aMessage().from(alice).to(bob).clientMsgId("c-1").build());
    StoreResult retry =
        store.store(aMessage().from(alice).to(bob).text("again").clientMsgId("c-1").build());

    assertThat(retry.duplicate()).isTrue();
    assertThat(retry.message()).isEqualTo(first.message());
    assertThat(history(alice)).containsExactly(first.message());
  }

  @Test
  void anotherSenderMayUseTheSameClientMsgId() {
    Message fromAlice = store(aMessage().from(alice).to(bob).clientMsgId("c-1"));
    StoreResult fromCarol = store.store(aMessage().from(carol).to(bob).clientMsgId("c-1").build());

    assertThat(fromCarol.duplicate()).isFalse();
    assertThat(fromCarol.message().id()).isNotEqualTo(fromAlice.id());
    assertThat(history(bob)).hasSize(2);
  }

  @Test
  void messagesWithoutClientMsgIdAreNeverDeduplicated() {
    NewMessage same = aMessage().from(alice).to(bob).text("same").withoutClientMsgId().build();

    StoreResult first = store.store(same);
    StoreResult second = store.store(same);

    assertThat(second.duplicate()).isFalse();
    assertThat(second.message().id()).isNotEqualTo(first.message().id());
    assertThat(history(alice)).hasSize(2);
  }

  @Test
  void anEmptyClientMsgIdIsNeverDeduplicated() {
    NewMessage same = aMessage().from(alice).to(bob).clientMsgId("").build();

    StoreResult first = store.store(same);
    StoreResult second = store.store(same);

    assertThat(second.duplicate()).isFalse();
    assertThat(second.message().id()).isNotEqualTo(first.message().id());
    assertThat(history(alice)).hasSize(2);
  }

  @Test
  void concurrentRetriesOfOneClientMsgIdStoreOneMessage() {
    for (int round = 0; round < 20; round++) {
      NewMessage retry = aMessage().from(alice).to(bob).clientMsgId("c-" + round).build();

      List<StoreResult> results = Concurrently.run(8, () -> store.store(retry));

      assertThat(results)
          .extracting(r -> r.message().id())
          .containsOnly(results.get(0).message().id());
      assertThat(results).filteredOn(r -> !r.duplicate()).hasSize(1);
    }
    assertThat(history(alice)).hasSize(20);
  }

  @Test
  void advancesForwardOneStepAtATime() {
    Message sent = store(aMessage().from(alice).to(bob));

    Optional<Message> delivered = store.advance(sent.id(), DeliveryStatus.DELIVERED);
    assertThat(delivered).contains(sent.withStatus(DeliveryStatus.DELIVERED));
    Optional<Message> read = store.advance(sent.id(), DeliveryStatus.READ);
    assertThat(read).contains(sent.withStatus(DeliveryStatus.READ));
    assertThat(store.find(sent.id())).contains(sent.withStatus(DeliveryStatus.READ));
  }

  @Test
  void advancesFromSentStraightToRead() {
    Message sent = store(aMessage().from(alice).to(bob));

    assertThat(store.advance(sent.id(), DeliveryStatus.READ))
        .contains(sent.withStatus(DeliveryStatus.READ));
  }

  @Test
  void neverMovesBackOrRepeatsAStatus() {
    Message sent = store(aMessage().from(alice).to(bob));
    store.advance(sent.id(), DeliveryStatus.READ);

    assertThat(store.advance(sent.id(), DeliveryStatus.DELIVERED)).isEmpty();
    assertThat(store.advance(sent.id(), DeliveryStatus.READ)).isEmpty();
    assertThat(store.advance(sent.id(), DeliveryStatus.SENT)).isEmpty();
    assertThat(store.find(sent.id())).map(Message::status).contains(DeliveryStatus.READ);
  }

  @Test
  void onlyTheRecipientAdvancesAMessageByAdvanceFor() {
    Message sent = store(aMessage().from(alice).to(bob));

    assertThat(store.advanceFor(alice, sent.id(), DeliveryStatus.READ)).isEmpty();
    assertThat(store.find(sent.id())).map(Message::status).contains(DeliveryStatus.SENT);
    assertThat(store.advanceFor(bob, sent.id(), DeliveryStatus.DELIVERED))
        .contains(sent.withStatus(DeliveryStatus.DELIVERED));
    assertThat(store.advanceFor(bob, sent.id(), DeliveryStatus.DELIVERED)).isEmpty();
    assertThat(store.advanceFor(bob, MessageId.of(Long.MAX_VALUE), DeliveryStatus.READ)).isEmpty();
  }

  @Test
  void advancingAnUnknownMessageChangesNothing() {
    assertThat(store.advance(MessageId.of(Long.MAX_VALUE), DeliveryStatus.DELIVERED)).isEmpty();
  }

  @Test
  void advanceAllForAnswersEachIdAsIfAdvancedAloneInOrder() {
    Message first = store(aMessage().from(alice).to(bob));
    Message alreadyRead = store(aMessage().from(carol).to(bob));
    Message alices = store(aMessage().from(bob).to(alice));
    Message last = store(aMessage().from(alice).to(bob));
    store.advance(alreadyRead.id(), DeliveryStatus.READ);
    MessageId unknown = MessageId.of(Long.MAX_VALUE);

    List<Optional<Message>> outcomes =
        store.advanceAllFor(
            bob,
            List.of(last.id(), unknown, first.id(), alreadyRead.id(), alices.id(), first.id()),
            DeliveryStatus.DELIVERED);

    assertThat(outcomes)
        .containsExactly(
            Optional.of(last.withStatus(DeliveryStatus.DELIVERED)),
            Optional.empty(),
            Optional.of(first.withStatus(DeliveryStatus.DELIVERED)),
            Optional.empty(),
            Optional.empty(),
            // The second time: the first moved it already.
            Optional.empty());
    assertThat(store.find(alreadyRead.id())).map(Message::status).contains(DeliveryStatus.READ);
    assertThat(store.find(alices.id())).map(Message::status).contains(DeliveryStatus.SENT);
    assertThat(store.find(first.id())).map(Message::status).contains(DeliveryStatus.DELIVERED);
    assertThat(store.advanceAllFor(bob, List.of(), DeliveryStatus.READ)).isEmpty();
  }

  @Test
  void advanceAllForMovesAThousandIdsAndNeverMovesBack() {
    List<MessageId> ids =
        IntStream.range(0, 1_000)
            .mapToObj(i -> store(aMessage().from(alice).to(bob)).id())
            .toList();

    assertThat(store.advanceAllFor(bob, ids, DeliveryStatus.READ))
        .hasSize(ids.size())
        .allSatisfy(moved -> assertThat(moved).map(Message::status).contains(DeliveryStatus.READ));
    assertThat(store.advanceAllFor(bob, ids, DeliveryStatus.DELIVERED))
        .hasSize(ids.size())
        .allSatisfy(moved -> assertThat(moved).isEmpty());
    assertThat(store.undelivered(bob, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void findAllReadsTheStoredOnesEachOnce() {
    Message one = store(aMessage().from(alice).to(bob));
    Message two = store(aMessage().from(bob).to(carol));

    assertThat(store.findAll(List.of(two.id(), MessageId.of(Long.MAX_VALUE), one.id(), two.id())))
        .containsExactlyInAnyOrder(one, two);
    assertThat(store.findAll(List.of())).isEmpty();
  }

  @Test
  void ofTwoRacingAcksOfOneStatusExactlyOneMovesTheMessage() {
    for (int round = 0; round < 50; round++) {
      Message sent = store(aMessage().from(alice).to(bob));

      List<Optional<Message>> results =
          Concurrently.run(2, () -> store.advance(sent.id(), DeliveryStatus.DELIVERED));

      assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
    }
  }

  @Test
  void aRacingDeliveredAckNeverUndoesRead() {
    for (int round = 0; round < 50; round++) {
      Message sent = store(aMessage().from(alice).to(bob));
      List<DeliveryStatus> acks = List.of(DeliveryStatus.DELIVERED, DeliveryStatus.READ);

      List<Optional<Message>> results =
          Concurrently.run(2, i -> () -> store.advance(sent.id(), acks.get(i)));

      assertThat(results.get(1)).map(Message::status).contains(DeliveryStatus.READ);
      assertThat(store.find(sent.id())).map(Message::status).contains(DeliveryStatus.READ);
    }
  }

  @Test
  void returnedMessagesAreSnapshots() {
    Message stored = store(aMessage().from(alice).to(bob));
    Message found = store.find(stored.id()).orElseThrow();
    Message listed = history(bob).get(0);
    Message pending = store.undelivered(bob, Optional.empty(), 10).get(0);

    store.advance(stored.id(), DeliveryStatus.READ);

    assertThat(List.of(stored, found, listed, pending))
        .extracting(Message::status)
        .containsOnly(DeliveryStatus.SENT);
  }

  @Test
  void historyHoldsWhatTheUserSentOrReceivedOldestFirst() {
    Message toBob = store(aMessage().from(alice).to(bob));
    Message fromBob = store(aMessage().from(bob).to(alice));
    store(aMessage().from(carol).to(bob));
    Message toCarol = store(aMessage().from(alice).to(carol));

    HistoryPage page = store.history(alice, new SyncCursor.Beginning(), ALL);

    assertThat(page.messages()).containsExactly(toBob, fromBob, toCarol);
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void historyPagesTellExactlyWhetherMoreFollow() {
    List<Message> sent = storeMany(5);

    HistoryPage first = store.history(bob, new SyncCursor.Beginning(), 2);
    HistoryPage second = store.history(bob, new SyncCursor.AfterId(sent.get(1).id()), 2);
    HistoryPage last = store.history(bob, new SyncCursor.AfterId(sent.get(3).id()), 2);

    assertThat(first).isEqualTo(new HistoryPage(sent.subList(0, 2), true));
    assertThat(second).isEqualTo(new HistoryPage(sent.subList(2, 4), true));
    assertThat(last).isEqualTo(new HistoryPage(sent.subList(4, 5), false));
    assertThat(store.history(bob, new SyncCursor.Beginning(), 5).hasMore()).isFalse();
    assertThat(store.history(bob, new SyncCursor.Beginning(), 4).hasMore()).isTrue();
    assertThat(store.history(bob, new SyncCursor.AfterId(sent.get(4).id()), 2))
        .isEqualTo(new HistoryPage(List.of(), false));
  }

  @Test
  void historyStartsAfterATime() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Message first = store(aMessage().from(alice).to(bob).createdAt(start));
    Message second = store(aMessage().from(alice).to(bob).createdAt(start.plusSeconds(1)));
    Message third = store(aMessage().from(alice).to(bob).createdAt(start.plusSeconds(2)));

    assertThat(historyAfter(start.minusMillis(1), ALL)).containsExactly(first, second, third);
    assertThat(historyAfter(start, ALL)).containsExactly(second, third);
    assertThat(historyAfter(start.plusSeconds(1), ALL)).containsExactly(third);
    assertThat(historyAfter(start.plusSeconds(2), ALL)).isEmpty();
    assertThat(store.history(bob, new SyncCursor.AfterTime(start), 1))
        .isEqualTo(new HistoryPage(List.of(second), true));
  }

  @Test
  void historyOfAUserWithoutMessagesIsEmpty() {
    assertThat(store.history(randomUser(), new SyncCursor.Beginning(), 10))
        .isEqualTo(new HistoryPage(List.of(), false));
  }

  @Test
  void undeliveredHoldsOnlyMessagesStillSentToTheRecipientLowestFirst() {
    Message first = store(aMessage().from(alice).to(bob));
    Message delivered = store(aMessage().from(carol).to(bob));
    Message fromBob = store(aMessage().from(bob).to(alice));
    Message second = store(aMessage().from(carol).to(bob));
    Message read = store(aMessage().from(alice).to(bob));
    store.advance(delivered.id(), DeliveryStatus.DELIVERED);
    store.advance(read.id(), DeliveryStatus.READ);

    assertThat(store.undelivered(bob, Optional.empty(), 10)).containsExactly(first, second);
    assertThat(store.undelivered(alice, Optional.empty(), 10)).containsExactly(fromBob);
  }

  @Test
  void undeliveredStartsAfterAnIdAndStopsAtTheLimit() {
    List<Message> sent = storeMany(4);

    assertThat(store.undelivered(bob, Optional.of(sent.get(1).id()), 10))
        .containsExactlyElementsOf(sent.subList(2, 4));
    assertThat(store.undelivered(bob, Optional.empty(), 3))
        .containsExactlyElementsOf(sent.subList(0, 3));
    assertThat(store.undelivered(bob, Optional.of(sent.get(3).id()), 10)).isEmpty();
  }

  @Test
  void undeliveredDropsAMessageOnceAdvanced() {
    List<Message> sent = storeMany(3);

    store.advance(sent.get(0).id(), DeliveryStatus.DELIVERED);
    store.advance(sent.get(2).id(), DeliveryStatus.READ);

    assertThat(store.undelivered(bob, Optional.empty(), 10)).containsExactly(sent.get(1));
  }

  /**
   * Protocol section 6: ids are assigned before commit, so a reader paging by the last id it saw
   * could skip one that commits late. However writes interleave, it must see each message once.
   */
  @Test
  void aReaderPagingWhileOthersWriteSeesEveryMessageOnceInOrder() {
    SyncWhileWriting.Outcome outcome = SyncWhileWriting.run(store, bob, 4, 250, 3);

    assertThat(outcome.written()).hasSize(1_000);
    assertThat(outcome.seen())
        .isSorted()
        .doesNotHaveDuplicates()
        .containsExactlyElementsOf(outcome.written());
  }

  private List<Message> storeMany(int count) {
    return IntStream.range(0, count)
        .mapToObj(n -> store(aMessage().from(alice).to(bob).text("m" + n)))
        .toList();
  }

  private Message store(Messages message) {
    return store.store(message.build()).message();
  }

  private List<Message> history(UserId user) {
    return store.history(user, new SyncCursor.Beginning(), ALL).messages();
  }

  private List<Message> historyAfter(Instant time, int limit) {
    return store.history(bob, new SyncCursor.AfterTime(time), limit).messages();
  }
}
