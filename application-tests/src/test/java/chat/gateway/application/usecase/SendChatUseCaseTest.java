package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.memory.InMemoryMessageStore;
import chat.gateway.adapters.memory.RangeUserDirectory;
import chat.gateway.application.port.in.ChatOutcome;
import chat.gateway.application.port.in.SendChatCommand;
import chat.gateway.application.port.in.SendChatUseCase;
import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.service.ChatService;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link SendChatUseCase} called directly, on the in-memory adapters: outcomes, not frames. */
class SendChatUseCaseTest {

  private static final UserId ALICE = UserId.of(1);
  private static final UserId BOB = UserId.of(2);
  private static final ConnectionId PHONE = new ConnectionId("phone");
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.123456Z");

  private final InMemoryMessageStore store = new InMemoryMessageStore();
  private final RecordingEventRouting events = new RecordingEventRouting();
  private final SendChatUseCase chat =
      new ChatService(store, RangeUserDirectory.parse("1-10"), events, InstantSource.fixed(NOW));

  @Test
  void storesTheMessageAndPushesNothingBeforeThePushStep() {
    ChatOutcome outcome = chat.send(command(BOB, "hi", Optional.of("c-1")));

    Message message = ((ChatOutcome.Stored) outcome).message();
    assertThat(message.from()).isEqualTo(ALICE);
    assertThat(message.to()).isEqualTo(BOB);
    assertThat(message.content()).isEqualTo("hi");
    assertThat(message.clientMsgId()).contains("c-1");
    assertThat(message.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(message.createdAt()).isEqualTo(Instant.parse("2025-03-01T12:00:00.123Z"));
    assertThat(store.find(message.id())).contains(message);
    assertThat(events.all()).isEmpty();
  }

  @Test
  void pushGoesToTheRecipientAndToTheSendersOtherConnections() {
    ChatOutcome.Stored stored =
        (ChatOutcome.Stored) chat.send(command(BOB, "hi", Optional.empty()));

    chat.push(stored);

    // One event, for the recipient and the sender's other connections, wherever they are.
    assertThat(events.all())
        .containsExactly(
            new RecordingEventRouting.Routed(
                "targets",
                new ClusterEvent.MessageStored(
                    Set.of(BOB, ALICE), stored.message(), Optional.of(PHONE))));
  }

  @Test
  void aMessageToOneselfIsPushedOnceSkippingTheSendingConnection() {
    ChatOutcome.Stored stored =
        (ChatOutcome.Stored) chat.send(command(ALICE, "note", Optional.empty()));

    chat.push(stored);

    assertThat(events.routedToTargets())
        .containsExactly(
            new ClusterEvent.MessageStored(Set.of(ALICE), stored.message(), Optional.of(PHONE)));
  }

  @Test
  void aRetryIsADuplicateOfTheFirstMessageAndStoresNothing() {
    Message first =
        ((ChatOutcome.Stored) chat.send(command(BOB, "hi", Optional.of("c-1")))).message();

    ChatOutcome retry = chat.send(command(BOB, "hi again", Optional.of("c-1")));

    assertThat(retry).isEqualTo(new ChatOutcome.Duplicate(first, PHONE));
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void aDuplicateIsPushedAgainOnlyWhileStillSent() {
    Message first =
        ((ChatOutcome.Stored) chat.send(command(BOB, "hi", Optional.of("c-1")))).message();

    chat.push((ChatOutcome.Accepted) chat.send(command(BOB, "hi", Optional.of("c-1"))));
    assertThat(events.routedToTargets()).hasSize(1);

    store.advance(first.id(), DeliveryStatus.DELIVERED);
    chat.push((ChatOutcome.Accepted) chat.send(command(BOB, "hi", Optional.of("c-1"))));
    assertThat(events.routedToTargets()).hasSize(1);
  }

  @Test
  void anUnknownRecipientIsRefusedAndNothingIsStored() {
    ChatOutcome outcome = chat.send(command(UserId.of(11), "hi", Optional.empty()));

    assertThat(outcome)
        .isEqualTo(new ChatOutcome.Refused(ErrorCode.WS_USER_NOT_FOUND, "user 11 does not exist"));
    assertThat(store.size()).isZero();
  }

  private static SendChatCommand command(UserId to, String text, Optional<String> clientMsgId) {
    return new SendChatCommand(ALICE, PHONE, to, ContentType.TEXT, text, clientMsgId);
  }
}
