package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.domain.protocol.ServerPayload.AuthRsp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthenticationTest {

  private final UserId alice = UserId.of(1);
  private final TestGateway gateway = TestGateway.start();

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void aValidTokenIsAcceptedWithTheRequestSeqAndRegistersTheConnection() {
    TestClient client = gateway.open();

    long seq = client.auth(alice);

    assertThat(client.awaitFrame(f -> f.seq() == seq))
        .isEqualTo(ServerFrame.reply(seq, AuthRsp.ok(alice)));
    TestClient.eventually().until(() -> gateway.core.registry().connectionsOf(alice).size() == 1);
    assertThat(gateway.core.registry().connectionsOf(alice).get(0).user()).isEqualTo(alice);
    client.roundTrip();
    assertThat(gateway.presence.statusOf(alice)).isEqualTo(PresenceStatus.ONLINE);
    assertThat(client.isOpen()).isTrue();
  }

  @Test
  void aRefusedTokenIsAnsweredWithAuthFailedThenClosed() {
    TestClient client = gateway.open();

    long seq = client.send(new ClientPayload.Auth("forged"));

    assertRefused(client, seq);
  }

  @Test
  void aValidTokenOfAUserTheDirectoryDoesNotKnowIsRefused() {
    TestClient client = gateway.open();

    long seq = client.auth(UserId.of(5_000));

    assertRefused(client, seq);
    assertThat(gateway.core.registry().connectionsOf(UserId.of(5_000))).isEmpty();
  }

  @Test
  void anEmptyTokenIsRefused() {
    TestClient client = gateway.open();

    assertRefused(client, client.send(new ClientPayload.Auth("")));
  }

  @Test
  void anUnavailableVerifierIsAnInternalErrorThatClosesTheConnection() {
    TestClient client = gateway.open();

    long seq = client.send(new ClientPayload.Auth(TestGateway.VERIFIER_DOWN));

    assertThat(client.awaitClose()).isEqualTo(CloseReason.INTERNAL_ERROR);
    assertThat(client.frames()).hasSize(1);
    assertThat(client.frames().get(0).seq()).as("the Error answers the Auth").isEqualTo(seq);
    assertThat(client.frames().get(0).payload())
        .isInstanceOfSatisfying(
            ServerPayload.Error.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.WS_INTERNAL_ERROR));
    assertThat(client.transport().framesBeforeClose()).isEqualTo(1);
    TestClient.eventually().until(() -> gateway.core.openSockets() == 0);
  }

  @Test
  void aFrameBeforeAuthIsRefusedWithItsSeqAndTheConnectionStaysOpen() {
    TestClient client = gateway.open();

    long ping = client.send(new ClientPayload.Ping());
    long chat = client.chat(alice, "too early");

    assertThat(client.awaitReply(ping, ServerPayload.Error.class).code())
        .isEqualTo(ErrorCode.WS_NOT_AUTHENTICATED);
    assertThat(client.awaitReply(chat, ServerPayload.Error.class).code())
        .isEqualTo(ErrorCode.WS_NOT_AUTHENTICATED);
    long auth = client.auth(alice);
    assertThat(client.awaitReply(auth, AuthRsp.class)).isEqualTo(AuthRsp.ok(alice));
    assertThat(gateway.store.size()).isZero();
  }

  @Test
  void aPingIsAnsweredWithAPongOfTheSameSeq() {
    TestClient client = gateway.login(alice);

    long seq = client.send(new ClientPayload.Ping());

    assertThat(client.awaitFrame(f -> f.seq() == seq))
        .isEqualTo(ServerFrame.reply(seq, new ServerPayload.Pong()));
  }

  @Test
  void aSecondAuthIsRefusedWithoutClosing() {
    TestClient client = gateway.login(alice);

    long seq = client.auth(alice);

    assertThat(client.awaitReply(seq, ServerPayload.Error.class).code())
        .isEqualTo(ErrorCode.WS_INVALID_MESSAGE);
    client.roundTrip();
    assertThat(client.isOpen()).isTrue();
  }

  private void assertRefused(TestClient client, long seq) {
    assertThat(client.awaitClose()).isEqualTo(CloseReason.AUTH_FAILED);
    assertThat(client.frames()).hasSize(1);
    ServerFrame reply = client.frames().get(0);
    assertThat(reply.seq()).isEqualTo(seq);
    assertThat(reply.payload())
        .isInstanceOfSatisfying(
            AuthRsp.class,
            rsp -> {
              assertThat(rsp.success()).isFalse();
              assertThat(rsp.userId()).isEmpty();
              assertThat(rsp.error()).get().asString().startsWith("WS_AUTH_FAILED");
            });
    assertThat(client.transport().framesBeforeClose()).isEqualTo(1);
    TestClient.eventually().until(() -> gateway.core.openSockets() == 0);
    assertThat(gateway.core.registry().registeredConnections()).isZero();
  }
}
