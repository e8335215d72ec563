package chat.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessageTest {

  private static final MessageId ID = MessageId.of(9_001);
  private static final UserId ALICE = UserId.of(1);
  private static final UserId BOB = UserId.of(2);
  private static final UserId CAROL = UserId.of(3);
  private static final Instant CREATED = Instant.parse("2025-03-01T12:00:00.123Z");

  private static final Message MESSAGE =
      new Message(
          ID,
          ALICE,
          BOB,
          ContentType.VOICE,
          "media/v-1",
          CREATED,
          DeliveryStatus.SENT,
          Optional.of("c-7"));

  @ParameterizedTest
  @EnumSource(DeliveryStatus.class)
  void withStatusKeepsEveryOtherField(DeliveryStatus status) {
    Message changed = MESSAGE.withStatus(status);

    assertThat(changed)
        .isEqualTo(
            new Message(
                ID,
                ALICE,
                BOB,
                ContentType.VOICE,
                "media/v-1",
                CREATED,
                status,
                Optional.of("c-7")));
    assertThat(MESSAGE.status()).isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void involvesTheSenderAndTheRecipientOnly() {
    assertThat(MESSAGE.involves(ALICE)).isTrue();
    assertThat(MESSAGE.involves(BOB)).isTrue();
    assertThat(MESSAGE.involves(CAROL)).isFalse();
  }

  @Test
  void aNoteToSelfInvolvesOnlyItsAuthor() {
    Message toSelf =
        new Message(
            ID,
            ALICE,
            ALICE,
            ContentType.TEXT,
            "remember",
            CREATED,
            DeliveryStatus.SENT,
            Optional.empty());

    assertThat(toSelf.involves(ALICE)).isTrue();
    assertThat(toSelf.involves(BOB)).isFalse();
  }

  static Stream<Arguments> nulls() {
    ContentType text = ContentType.TEXT;
    DeliveryStatus sent = DeliveryStatus.SENT;
    Optional<String> none = Optional.empty();
    return Stream.of(
        nullField("id", () -> new Message(null, ALICE, BOB, text, "x", CREATED, sent, none)),
        nullField("from", () -> new Message(ID, null, BOB, text, "x", CREATED, sent, none)),
        nullField("to", () -> new Message(ID, ALICE, null, text, "x", CREATED, sent, none)),
        nullField("type", () -> new Message(ID, ALICE, BOB, null, "x", CREATED, sent, none)),
        nullField("content", () -> new Message(ID, ALICE, BOB, text, null, CREATED, sent, none)),
        nullField("createdAt", () -> new Message(ID, ALICE, BOB, text, "x", null, sent, none)),
        nullField("status", () -> new Message(ID, ALICE, BOB, text, "x", CREATED, null, none)),
        nullField(
            "clientMsgId", () -> new Message(ID, ALICE, BOB, text, "x", CREATED, sent, null)));
  }

  @ParameterizedTest
  @MethodSource("nulls")
  void refusesNullFields(String field, Supplier<Message> construct) {
    assertThatThrownBy(construct::get).isInstanceOf(NullPointerException.class).hasMessage(field);
  }

  @Test
  void createdAtIsKeptAtMillisecondPrecisionAndAnEmptyClientMsgIdIsNone() {
    Message message =
        new Message(
            ID,
            ALICE,
            BOB,
            ContentType.TEXT,
            "hi",
            Instant.parse("2025-03-01T12:00:00.123999999Z"),
            DeliveryStatus.SENT,
            Optional.of(""));

    assertThat(message.createdAt()).isEqualTo(Instant.parse("2025-03-01T12:00:00.123Z"));
    assertThat(message.clientMsgId()).isEmpty();
  }

  @Test
  void withStatusRefusesNull() {
    assertThatThrownBy(() -> MESSAGE.withStatus(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("status");
  }

  private static Arguments nullField(String field, Supplier<Message> construct) {
    return argumentSet(field, field, construct);
  }
}
