package chat.gateway.application.usecase;

import static chat.gateway.testsupport.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.memory.InMemoryMessageStore;
import chat.gateway.application.port.in.SyncCommand;
import chat.gateway.application.port.in.SyncOutcome;
import chat.gateway.application.port.in.SyncUseCase;
import chat.gateway.application.service.SyncService;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link SyncUseCase} called directly, on the in-memory message store. */
class SyncUseCaseTest {

  private static final UserId ALICE = UserId.of(1);
  private static final UserId BOB = UserId.of(2);
  private static final UserId CAROL = UserId.of(3);
  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  private final InMemoryMessageStore store = new InMemoryMessageStore();
  private final List<Message> toBob =
      IntStream.range(0, 5)
          .mapToObj(
              i ->
                  store
                      .store(
                          aMessage()
                              .from(ALICE)
                              .to(BOB)
                              .text("m" + i)
                              .createdAt(T0.plusSeconds(i))
                              .build())
                      .message())
          .toList();

  @Test
  void fromTheBeginningAPageOfTheUsersOwnMessagesOldestFirst() {
    store.store(aMessage().from(ALICE).to(CAROL).text("not bob's").build());
    SyncUseCase sync = new SyncService(store, 3, 1 << 20);

    SyncOutcome page = sync.sync(new SyncCommand(BOB, Optional.empty(), Optional.empty()));

    assertThat(page).isEqualTo(new SyncOutcome(toBob.subList(0, 3), true));
  }

  @Test
  void afterAMessageOrAfterATime() {
    SyncUseCase sync = new SyncService(store, 10, 1 << 20);

    MessageId second = toBob.get(1).id();
    assertThat(sync.sync(new SyncCommand(BOB, Optional.of(second), Optional.empty())))
        .isEqualTo(new SyncOutcome(toBob.subList(2, 5), false));
    assertThat(sync.sync(new SyncCommand(BOB, Optional.empty(), Optional.of(T0.plusSeconds(3)))))
        .isEqualTo(new SyncOutcome(toBob.subList(4, 5), false));
  }

  @Test
  void aPageIsBoundedInBytesButHoldsAtLeastOneMessage() {
    SyncUseCase sync = new SyncService(store, 10, 1);

    assertThat(sync.sync(new SyncCommand(BOB, Optional.empty(), Optional.empty())))
        .isEqualTo(new SyncOutcome(toBob.subList(0, 1), true));
  }
}
