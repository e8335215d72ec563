package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.Error;
import chat.gateway.domain.protocol.ServerPayload.SyncRsp;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SyncTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final UserId carol = UserId.of(3);
  private final TestGateway gateway =
      TestGateway.with().limits(limits -> limits.syncPageSize(2)).start();
  private List<Message> bobsMessages;

  @BeforeEach
  void fiveMessagesOfBob() {
    TestClient aliceClient = gateway.login(alice);
    TestClient bobClient = gateway.login(bob);
    TestClient carolClient = gateway.login(carol);
    MessageId first = chat(aliceClient, bob, "a1");
    MessageId second = chat(bobClient, alice, "b1");
    chat(carolClient, alice, "not bob's");
    MessageId third = chat(carolClient, bob, "c1");
    MessageId fourth = chat(aliceClient, bob, "a2");
    MessageId fifth = chat(bobClient, carol, "b2");
    bobsMessages =
        List.of(first, second, third, fourth, fifth).stream()
            .map(id -> gateway.store.find(id).orElseThrow())
            .toList();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void pagesThroughTheUsersMessagesOldestFirstWithHasMore() {
    TestClient device = gateway.login(bob);

    long first = device.send(new ClientPayload.SyncReq(0, 0));
    assertThat(device.awaitFrame(f -> f.seq() == first))
        .isEqualTo(ServerFrame.reply(first, new SyncRsp(bobsMessages.subList(0, 2), true)));
    long second = device.send(new ClientPayload.SyncReq(idOf(1), 0));
    assertThat(device.awaitReply(second, SyncRsp.class))
        .isEqualTo(new SyncRsp(bobsMessages.subList(2, 4), true));
    long last = device.send(new ClientPayload.SyncReq(idOf(3), 0));
    assertThat(device.awaitReply(last, SyncRsp.class))
        .isEqualTo(new SyncRsp(bobsMessages.subList(4, 5), false));
    long beyond = device.send(new ClientPayload.SyncReq(idOf(4), 0));
    assertThat(device.awaitReply(beyond, SyncRsp.class)).isEqualTo(new SyncRsp(List.of(), false));
  }

  @Test
  void theMessageIdCursorWinsOverTheTime() {
    TestClient device = gateway.login(bob);

    long seq = device.send(new ClientPayload.SyncReq(idOf(2), Long.MAX_VALUE / 2));

    assertThat(device.awaitReply(seq, SyncRsp.class))
        .isEqualTo(new SyncRsp(bobsMessages.subList(3, 5), false));
  }

  @Test
  void withoutAMessageIdTheTimeIsTheCursor() {
    TestClient device = gateway.login(bob);
    long before = bobsMessages.get(0).createdAt().toEpochMilli() - 1;
    long after = bobsMessages.get(4).createdAt().toEpochMilli();

    long all = device.send(new ClientPayload.SyncReq(0, before));
    long none = device.send(new ClientPayload.SyncReq(0, after));

    assertThat(device.awaitReply(all, SyncRsp.class))
        .isEqualTo(new SyncRsp(bobsMessages.subList(0, 2), true));
    assertThat(device.awaitReply(none, SyncRsp.class)).isEqualTo(new SyncRsp(List.of(), false));
  }

  @Test
  void aNegativeCursorIsInvalid() {
    TestClient device = gateway.login(bob);

    long seq = device.send(new ClientPayload.SyncReq(-1, 0));

    assertThat(device.awaitReply(seq, Error.class).code()).isEqualTo(ErrorCode.WS_INVALID_PAYLOAD);
  }

  private long idOf(int index) {
    return bobsMessages.get(index).id().value();
  }

  private static MessageId chat(TestClient from, UserId to, String text) {
    return from.awaitReply(from.chat(to, text), ChatAck.class).messageId();
  }
}
