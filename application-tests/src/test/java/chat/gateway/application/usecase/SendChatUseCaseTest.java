package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.memory.InMemoryMessageStore;
import chat.gateway.adapters.memory.InMemoryPushRouter;
import chat.gateway.adapters.memory.RangeUserDirectory;
import chat.gateway.application.port.in.ChatOutcome;
import chat.gateway.application.port.in.SendChatCommand;
import chat.gateway.application.port.in.SendChatUseCase;
import chat.gateway.application.service.ChatService;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.testsupport.RecordingLocalDelivery;
import chat.gateway.testsupport.RecordingLocalDelivery.Delivery;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link SendChatUseCase} called directly, on the in-memory adapters: outcomes, not frames. */
class SendChatUseCaseTest {

  private static final UserId ALICE = UserId.of(1);
  private static final UserId BOB = UserId.of(2);
  private static final ConnectionId PHONE = new ConnectionId("phone");
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.123456Z");

  private final InMemoryMessageStore store = new InMemoryMessageStore();
  private final RecordingLocalDelivery delivery = new RecordingLocalDelivery();
  private final SendChatUseCase chat =
      new ChatService(
          store,
          RangeUserDirectory.parse("1-10"),
          new InMemoryPushRouter(delivery),
          InstantSource.fixed(NOW));

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
    assertThat(delivery.deliveriesTo(BOB)).isEmpty();
  }

  @Test
  void pushGoesToTheRecipientAndToTheSendersOtherConnections() {
    ChatOutcome.Stored stored =
        (ChatOutcome.Stored) chat.send(command(BOB, "hi", Optional.empty()));

    chat.push(stored);

    ServerPayload push = new ServerPayload.ChatPush(stored.message());
    assertThat(delivery.deliveriesTo(BOB))
        .containsExactly(new Delivery(BOB, push, Optional.empty()));
    assertThat(delivery.deliveriesTo(ALICE))
        .containsExactly(new Delivery(ALICE, push, Optional.of(PHONE)));
  }

  @Test
  void aMessageToOneselfIsPushedOnceSkippingTheSendingConnection() {
    ChatOutcome.Stored stored =
        (ChatOutcome.Stored) chat.send(command(ALICE, "note", Optional.empty()));

    chat.push(stored);

    assertThat(delivery.deliveriesTo(ALICE))
        .containsExactly(
            new Delivery(ALICE, new ServerPayload.ChatPush(stored.message()), Optional.of(PHONE)));
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
    assertThat(delivery.deliveriesTo(BOB)).hasSize(1);

    store.advance(first.id(), DeliveryStatus.DELIVERED);
    chat.push((ChatOutcome.Accepted) chat.send(command(BOB, "hi", Optional.of("c-1"))));
    assertThat(delivery.deliveriesTo(BOB)).hasSize(1);
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
