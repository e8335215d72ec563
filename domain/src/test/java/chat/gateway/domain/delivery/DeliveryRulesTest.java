package chat.gateway.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ack rules (protocol brief, section 5): only the recipient acks, a status only moves forward,
 * read implies delivered, and "sent" cannot be acknowledged.
 */
class DeliveryRulesTest {

  private static final UserId SENDER = UserId.of(1);
  private static final UserId RECIPIENT = UserId.of(2);
  private static final UserId STRANGER = UserId.of(3);

  static Stream<Arguments> recipientAcks() {
    return Stream.of(
        Arguments.of(DeliveryStatus.SENT, DeliveryStatus.SENT, new AckDecision.InvalidStatus()),
        Arguments.of(
            DeliveryStatus.SENT,
            DeliveryStatus.DELIVERED,
            new AckDecision.Advance(DeliveryStatus.DELIVERED)),
        Arguments.of(
            DeliveryStatus.SENT, DeliveryStatus.READ, new AckDecision.Advance(DeliveryStatus.READ)),
        Arguments.of(
            DeliveryStatus.DELIVERED, DeliveryStatus.SENT, new AckDecision.InvalidStatus()),
        Arguments.of(
            DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED, new AckDecision.Unchanged()),
        Arguments.of(
            DeliveryStatus.DELIVERED,
            DeliveryStatus.READ,
            new AckDecision.Advance(DeliveryStatus.READ)),
        Arguments.of(DeliveryStatus.READ, DeliveryStatus.SENT, new AckDecision.InvalidStatus()),
        Arguments.of(DeliveryStatus.READ, DeliveryStatus.DELIVERED, new AckDecision.Unchanged()),
        Arguments.of(DeliveryStatus.READ, DeliveryStatus.READ, new AckDecision.Unchanged()));
  }

  @ParameterizedTest(name = "{0} + recipient acks {1} -> {2}")
  @MethodSource("recipientAcks")
  void recipientAck(DeliveryStatus current, DeliveryStatus requested, AckDecision expected) {
    assertThat(DeliveryRules.decide(message(current), RECIPIENT, requested)).isEqualTo(expected);
  }

  static Stream<Arguments> everyStatusPairAndNonRecipient() {
    return Stream.of(SENDER, STRANGER)
        .flatMap(
            actor ->
                Stream.of(DeliveryStatus.values())
                    .flatMap(
                        current ->
                            Stream.of(DeliveryStatus.values())
                                .map(requested -> Arguments.of(actor, current, requested))));
  }

  @ParameterizedTest(name = "user {0} acks {2} on a {1} message -> NotRecipient")
  @MethodSource("everyStatusPairAndNonRecipient")
  void onlyTheRecipientAcks(UserId actor, DeliveryStatus current, DeliveryStatus requested) {
    assertThat(DeliveryRules.decide(message(current), actor, requested))
        .isEqualTo(new AckDecision.NotRecipient());
  }

  @ParameterizedTest
  @EnumSource(DeliveryStatus.class)
  void aMessageToOneselfIsAckedByOneself(DeliveryStatus requested) {
    Message toSelf = message(DeliveryStatus.SENT, SENDER, SENDER);

    assertThat(DeliveryRules.decide(toSelf, SENDER, requested))
        .isEqualTo(
            requested == DeliveryStatus.SENT
                ? new AckDecision.InvalidStatus()
                : new AckDecision.Advance(requested));
  }

  @Test
  void aStatusNeverMovesBackwardsWhateverTheOrderOfAcks() {
    Message message = message(DeliveryStatus.SENT);
    for (DeliveryStatus requested :
        new DeliveryStatus[] {DeliveryStatus.READ, DeliveryStatus.DELIVERED, DeliveryStatus.READ}) {
      if (DeliveryRules.decide(message, RECIPIENT, requested)
          instanceof AckDecision.Advance advance) {
        message = message.withStatus(advance.status());
      }
    }

    assertThat(message.status()).isEqualTo(DeliveryStatus.READ);
  }

  private static Message message(DeliveryStatus status) {
    return message(status, SENDER, RECIPIENT);
  }

  private static Message message(DeliveryStatus status, UserId from, UserId to) {
    return new Message(
        MessageId.of(100),
        from,
        to,
        ContentType.TEXT,
        "hi",
        Instant.parse("2025-03-01T12:00:00Z"),
        status,
        Optional.empty());
  }
}
