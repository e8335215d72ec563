package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload.Error;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the socket adapter reports about frames it could not decode. */
class MalformedFramesTest {

  private final UserId alice = UserId.of(1);
  private final TestGateway gateway = TestGateway.start();

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void aRejectedFrameIsAnsweredWithItsCodeAndSeqAndTheConnectionStaysOpen() {
    TestClient client = gateway.open();

    client.events().frameRejected(ErrorCode.WS_INVALID_MESSAGE, 9, "not a map");

    assertThat(client.awaitFrame(f -> f.seq() == 9))
        .isEqualTo(ServerFrame.reply(9, new Error(ErrorCode.WS_INVALID_MESSAGE, "not a map")));
    assertThat(client.isOpen()).isTrue();
  }

  @Test
  void aFrameTooLargeClosesTheConnection() {
    TestClient client = gateway.login(alice);

    client.events().frameTooLarge();

    assertThat(client.awaitClose()).isEqualTo(CloseReason.FRAME_TOO_LARGE);
    assertThat(client.frames().getLast())
        .satisfies(
            frame -> {
              assertThat(frame.seq()).isZero();
              assertThat(frame.payload())
                  .isInstanceOfSatisfying(
                      Error.class,
                      e -> assertThat(e.code()).isEqualTo(ErrorCode.WS_INVALID_MESSAGE));
            });
    TestClient.eventually().until(() -> gateway.core.registry().connectionsOf(alice).isEmpty());
  }
}
