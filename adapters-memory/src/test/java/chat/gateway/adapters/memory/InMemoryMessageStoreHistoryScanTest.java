package chat.gateway.adapters.memory;

import static chat.gateway.testsupport.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A history read that looks at more ids than one hold of the lock covers. */
class InMemoryMessageStoreHistoryScanTest {

  private static final UserId ALICE = UserId.of(1);
  private static final UserId BOB = UserId.of(2);

  @Test
  void aTimeCursorFindsTheMessagesPastSeveralChunksOfOlderOnes() {
    InMemoryMessageStore store = new InMemoryMessageStore();
    Instant cut = Instant.parse("2026-01-01T00:00:00Z");
    int older = 2 * InMemoryMessageStore.SCAN_CHUNK + 5;
    for (int i = 0; i < older; i++) {
      store.store(aMessage().from(ALICE).to(BOB).createdAt(cut).clientMsgId("old-" + i).build());
    }
    List<Message> newer = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      newer.add(
          store
              .store(
                  aMessage()
                      .from(ALICE)
                      .to(BOB)
                      .createdAt(cut.plusSeconds(1 + i))
                      .clientMsgId("new-" + i)
                      .build())
              .message());
    }

    HistoryPage first = store.history(BOB, new SyncCursor.AfterTime(cut), 2);
    HistoryPage all = store.history(BOB, new SyncCursor.AfterTime(cut), 10);

    assertThat(first.messages()).containsExactlyElementsOf(newer.subList(0, 2));
    assertThat(first.hasMore()).isTrue();
    assertThat(all.messages()).containsExactlyElementsOf(newer);
    assertThat(all.hasMore()).isFalse();
  }

  @Test
  void anIdCursorPagesAcrossChunksInOrder() {
    InMemoryMessageStore store = new InMemoryMessageStore();
    int total = InMemoryMessageStore.SCAN_CHUNK + 10;
    List<Message> stored = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      stored.add(
          store.store(aMessage().from(ALICE).to(BOB).clientMsgId("m-" + i).build()).message());
    }

    HistoryPage page =
        store.history(
            ALICE,
            new SyncCursor.AfterId(stored.get(InMemoryMessageStore.SCAN_CHUNK - 3).id()),
            100);

    assertThat(page.messages())
        .containsExactlyElementsOf(stored.subList(InMemoryMessageStore.SCAN_CHUNK - 2, total));
    assertThat(page.hasMore()).isFalse();
  }
}
