package chat.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** UserId, MessageId and ConnectionId. */
class IdsTest {

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void userIdMustBePositive(long value) {
    assertThatThrownBy(() -> UserId.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user id must be positive, got " + value);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void messageIdMustBePositive(long value) {
    assertThatThrownBy(() -> MessageId.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("message id must be positive, got " + value);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 42, Long.MAX_VALUE})
  void positiveIdsAreKeptAndPrintedAsTheirNumber(long value) {
    assertThat(UserId.of(value).value()).isEqualTo(value);
    assertThat(UserId.of(value)).isEqualTo(new UserId(value));
    assertThat(UserId.of(value)).hasToString(Long.toString(value));
    assertThat(MessageId.of(value).value()).isEqualTo(value);
    assertThat(MessageId.of(value)).isEqualTo(new MessageId(value));
    assertThat(MessageId.of(value)).hasToString(Long.toString(value));
  }

  @Test
  void idsOrderByValue() {
    List<MessageId> messages =
        new ArrayList<>(List.of(MessageId.of(10), MessageId.of(Long.MAX_VALUE), MessageId.of(2)));
    List<UserId> users = new ArrayList<>(List.of(UserId.of(3), UserId.of(1), UserId.of(20)));
    Collections.sort(messages);
    Collections.sort(users);

    assertThat(messages)
        .containsExactly(MessageId.of(2), MessageId.of(10), MessageId.of(Long.MAX_VALUE));
    assertThat(users).containsExactly(UserId.of(1), UserId.of(3), UserId.of(20));
    assertThat(MessageId.of(5).compareTo(MessageId.of(5))).isZero();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "\t", "\n", "   \u2003"})
  void connectionIdMustNotBeBlank(String value) {
    assertThatThrownBy(() -> new ConnectionId(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection id must not be blank");
  }

  @Test
  void connectionIdKeepsItsValue() {
    ConnectionId id = new ConnectionId(" gw-1/42 ");

    assertThat(id.value()).isEqualTo(" gw-1/42 ");
    assertThat(id).hasToString(" gw-1/42 ");
    assertThat(id)
        .isEqualTo(new ConnectionId(" gw-1/42 "))
        .isNotEqualTo(new ConnectionId("gw-1/42"));
  }
}
