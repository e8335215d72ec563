package chat.gateway.application.usecase;

import static chat.gateway.testsupport.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.ChatPush;
import chat.gateway.domain.protocol.ServerPayload.Error;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The message store is unreachable: requests fail with WS_INTERNAL_ERROR, and nothing leaks. */
class StoreOutageTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final TestGateway gateway = TestGateway.start();

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void aChatThatCannotBeStoredIsAnInternalErrorAndTheConnectionLives() {
    TestClient sender = gateway.login(alice);
    TestClient recipient = gateway.login(bob);
    gateway.reachableStore.down(true);

    long seq = sender.chat(bob, "lost?");

    assertInternalError(sender.awaitReply(seq, Error.class));
    recipient.roundTrip();
    assertThat(recipient.received(ChatPush.class)).isEmpty();
    gateway.reachableStore.down(false);
    assertThat(sender.awaitReply(sender.chat(bob, "again"), ChatAck.class)).isNotNull();
  }

  @Test
  void aSyncOrAckThatCannotReachTheStoreIsAnInternalError() {
    TestClient client = gateway.login(bob);
    gateway.reachableStore.down(true);

    long sync = client.send(new ClientPayload.SyncReq(0, 0));
    long ack = client.send(new ClientPayload.Ack(1, "read"));

    assertInternalError(client.awaitReply(sync, Error.class));
    assertInternalError(client.awaitReply(ack, Error.class));
    assertThat(client.isOpen()).isTrue();
  }

  @Test
  void aLoginPushThatCannotReadTheStoreClosesForAReconnect() {
    gateway.store.store(aMessage().from(alice).to(bob).text("waiting").build());
    gateway.reachableStore.down(true);

    TestClient client = gateway.authenticate(bob, RecordingTransport.unbounded());

    assertThat(client.awaitClose()).isEqualTo(CloseReason.INTERNAL_ERROR);
    assertThat(CloseReason.INTERNAL_ERROR.reconnect()).isTrue();
    ServerFrame farewell = client.frames().getLast();
    assertThat(farewell.seq()).isZero();
    assertInternalError((Error) farewell.payload());
    gateway.reachableStore.down(false);
    TestClient again = gateway.login(bob);
    assertThat(again.awaitPush(ChatPush.class, p -> true).message().content()).isEqualTo("waiting");
  }

  private static void assertInternalError(Error error) {
    assertThat(error.code()).isEqualTo(ErrorCode.WS_INTERNAL_ERROR);
    assertThat(error.message())
        .doesNotContain("jdbc", "password", "hunter2", "SELECT", "Exception", "\tat ");
  }
}
