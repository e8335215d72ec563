package chat.gateway.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The payload records: their type codes, invariants and defensive copies. */
class PayloadsTest {

  private static final UserId ALICE = UserId.of(42);
  private static final Instant AT = Instant.parse("2025-03-01T12:00:00Z");
  private static final Message MESSAGE =
      new Message(
          MessageId.of(5),
          UserId.of(1),
          ALICE,
          ContentType.TEXT,
          "hi",
          AT,
          DeliveryStatus.SENT,
          Optional.empty());

  static Stream<Arguments> authRsps() {
    Optional<UserId> user = Optional.of(ALICE);
    Optional<UserId> noUser = Optional.empty();
    Optional<String> error = Optional.of("token expired");
    Optional<String> noError = Optional.empty();
    return Stream.of(
        argumentSet("success with user", true, user, noError, true),
        argumentSet("failure with error", false, noUser, error, true),
        argumentSet("success without user", true, noUser, noError, false),
        argumentSet("success with user and error", true, user, error, false),
        argumentSet("success with error only", true, noUser, error, false),
        argumentSet("failure without error", false, noUser, noError, false),
        argumentSet("failure with user and error", false, user, error, false),
        argumentSet("failure with user only", false, user, noError, false));
  }

  @ParameterizedTest
  @MethodSource("authRsps")
  void authRspIsConsistent(
      boolean success, Optional<UserId> user, Optional<String> error, boolean allowed) {
    if (allowed) {
      ServerPayload.AuthRsp rsp = new ServerPayload.AuthRsp(success, user, error);
      assertThat(rsp.success()).isEqualTo(success);
      assertThat(rsp.userId()).isEqualTo(user);
      assertThat(rsp.error()).isEqualTo(error);
    } else {
      assertThatThrownBy(() -> new ServerPayload.AuthRsp(success, user, error))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("success carries a user id, failure an error");
    }
  }

  @Test
  void authRspFactories() {
    assertThat(ServerPayload.AuthRsp.ok(ALICE))
        .isEqualTo(new ServerPayload.AuthRsp(true, Optional.of(ALICE), Optional.empty()));
    assertThat(ServerPayload.AuthRsp.failed("bad signature"))
        .isEqualTo(
            new ServerPayload.AuthRsp(false, Optional.empty(), Optional.of("bad signature")));
  }

  static Stream<Arguments> clientPayloads() {
    return Stream.of(
        Arguments.of(new ClientPayload.Auth("t"), FrameType.AUTH),
        Arguments.of(new ClientPayload.Chat(2, "text", "hi", Optional.empty()), FrameType.CHAT),
        Arguments.of(new ClientPayload.Ack(5, "read"), FrameType.ACK),
        Arguments.of(new ClientPayload.SyncReq(0, 0), FrameType.SYNC_REQ),
        Arguments.of(new ClientPayload.Presence("away"), FrameType.PRESENCE),
        Arguments.of(new ClientPayload.Ping(), FrameType.PING),
        Arguments.of(new ClientPayload.PresenceSub(List.of(1L, 2L)), FrameType.PRESENCE_SUB));
  }

  @ParameterizedTest
  @MethodSource("clientPayloads")
  void clientPayloadTypes(ClientPayload payload, FrameType type) {
    assertThat(payload.type()).isEqualTo(type);
    assertThat(new ClientFrame(9, payload).type()).isEqualTo(type);
  }

  static Stream<Arguments> serverPayloads() {
    return Stream.of(
        Arguments.of(ServerPayload.AuthRsp.ok(ALICE), FrameType.AUTH_RSP),
        Arguments.of(new ServerPayload.ChatPush(MESSAGE), FrameType.CHAT_PUSH),
        Arguments.of(new ServerPayload.SyncRsp(List.of(MESSAGE), false), FrameType.SYNC_RSP),
        Arguments.of(
            new ServerPayload.PresencePush(ALICE, PresenceStatus.ONLINE), FrameType.PRESENCE_PUSH),
        Arguments.of(new ServerPayload.Pong(), FrameType.PONG),
        Arguments.of(
            new ServerPayload.Error(ErrorCode.WS_RATE_LIMITED, "slow down"), FrameType.ERROR),
        Arguments.of(
            new ServerPayload.ChatAck(MessageId.of(5), Optional.of("c-1"), AT), FrameType.CHAT_ACK),
        Arguments.of(
            new ServerPayload.ReceiptPush(MessageId.of(5), ALICE, DeliveryStatus.READ),
            FrameType.RECEIPT_PUSH));
  }

  @ParameterizedTest
  @MethodSource("serverPayloads")
  void serverPayloadTypesAndSeq(ServerPayload payload, FrameType type) {
    assertThat(payload.type()).isEqualTo(type);
    assertThat(ServerFrame.push(payload)).isEqualTo(new ServerFrame(0, payload));
    assertThat(ServerFrame.reply(77, payload)).isEqualTo(new ServerFrame(77, payload));
    assertThat(ServerFrame.reply(77, payload).type()).isEqualTo(type);
  }

  @Test
  void listsAreCopied() {
    List<Message> messages = new ArrayList<>(List.of(MESSAGE));
    List<Long> ids = new ArrayList<>(List.of(1L, 2L));
    ServerPayload.SyncRsp rsp = new ServerPayload.SyncRsp(messages, true);
    ClientPayload.PresenceSub sub = new ClientPayload.PresenceSub(ids);

    messages.clear();
    ids.add(3L);

    assertThat(rsp.messages()).containsExactly(MESSAGE);
    assertThat(sub.userIds()).containsExactly(1L, 2L);
    assertThatThrownBy(() -> rsp.messages().add(MESSAGE))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> sub.userIds().add(4L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anEmptyClientMsgIdIsNoneAndChatAckTimesAreMilliseconds() {
    ServerPayload.ChatAck ack =
        new ServerPayload.ChatAck(
            MessageId.of(5), Optional.of(""), Instant.parse("2025-03-01T12:00:00.987654321Z"));

    assertThat(new ClientPayload.Chat(2, "text", "hi", Optional.of("")).clientMsgId()).isEmpty();
    assertThat(new ClientPayload.Chat(2, "text", "hi", Optional.of("c-1")).clientMsgId())
        .contains("c-1");
    assertThat(ack.clientMsgId()).isEmpty();
    assertThat(ack.createdAt()).isEqualTo(Instant.parse("2025-03-01T12:00:00.987Z"));
  }

  @Test
  void authNeverPrintsItsToken() {
    ClientPayload.Auth auth = new ClientPayload.Auth("eyJhbGciOiJIUzI1NiJ9.secret.sig");

    assertThat(auth.toString()).isEqualTo("Auth[token=<31 chars>]").doesNotContain("secret");
  }
}
