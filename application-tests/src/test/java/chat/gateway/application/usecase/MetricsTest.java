package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.Limits;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload.AuthRsp;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.ChatPush;
import chat.gateway.domain.protocol.ServerPayload.Error;
import chat.gateway.domain.protocol.ServerPayload.ReceiptPush;
import chat.gateway.domain.protocol.ServerPayload.SyncRsp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the core reports to its metrics port, each where the outcome is decided. */
class MetricsTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);

  @Test
  void authOutcomesAreCountedWithTheirReason() {
    try (TestGateway gateway = TestGateway.start()) {
      gateway.login(alice);
      TestClient forged = gateway.open();
      forged.awaitReply(forged.send(new ClientPayload.Auth("forged")), AuthRsp.class);
      TestClient down = gateway.open();
      down.send(new ClientPayload.Auth(TestGateway.VERIFIER_DOWN));
      down.awaitClose();

      assertThat(gateway.metrics.count("authAccepted")).isEqualTo(1);
      assertThat(gateway.metrics.count("authRejected signature invalid")).isEqualTo(1);
      assertThat(gateway.metrics.count("authUnavailable")).isEqualTo(1);
    }
  }

  @Test
  void aChatIsCountedStoredOncePushedLiveAndAcknowledgedByStatus() {
    try (TestGateway gateway = TestGateway.start()) {
      TestClient sender = gateway.login(alice);
      TestClient recipient = gateway.login(bob);

      ChatAck ack = sender.awaitReply(sender.chat(bob, "hi", "c-1"), ChatAck.class);
      sender.awaitReply(sender.chat(bob, "hi", "c-1"), ChatAck.class); // a retry: stored once
      MessageId id = ack.messageId();
      recipient.awaitPush(ChatPush.class, push -> push.message().id().equals(id));
      recipient.send(new ClientPayload.Ack(id.value(), "delivered"));
      sender.awaitPush(ReceiptPush.class, receipt -> receipt.messageId().equals(id));
      recipient.send(new ClientPayload.Ack(id.value(), "read"));
      recipient.send(new ClientPayload.Ack(id.value(), "read")); // unchanged: not counted
      recipient.roundTrip();

      assertThat(gateway.metrics.count("messageStored")).isEqualTo(1);
      // The retry is pushed again while the message is still sent: clients drop the repeat.
      assertThat(gateway.metrics.count("messagePushed LIVE")).isEqualTo(2);
      assertThat(gateway.metrics.count("messageAcknowledged DELIVERED")).isEqualTo(1);
      assertThat(gateway.metrics.count("messageAcknowledged READ")).isEqualTo(1);
    }
  }

  @Test
  void theLoginPushAndSyncCountTheirPages() {
    try (TestGateway gateway = TestGateway.start()) {
      TestClient sender = gateway.login(alice);
      sender.awaitReply(sender.chat(bob, "while you were out"), ChatAck.class);

      TestClient recipient = gateway.loginAndAwaitLoginPush(bob);
      recipient.awaitReply(recipient.send(new ClientPayload.SyncReq(0, 0)), SyncRsp.class);

      assertThat(gateway.metrics.count("messagePushed LOGIN")).isEqualTo(2); // the chat, the marker
      assertThat(gateway.metrics.count("loginPushPage")).isPositive();
      assertThat(gateway.metrics.count("syncPage")).isEqualTo(1);
    }
  }

  /** As ConnectionLimitsTest: a burst of 5 and a clock standing still, then a flood. */
  @Test
  void rateLimitRefusalsAreCountedDroppedThenClosed() {
    try (TestGateway gateway =
        TestGateway.with()
            .clock(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")))
            .limits(limits -> limits.rateLimit(new Limits.RateLimit(1, 5)))
            .start()) {
      TestClient client = gateway.login(alice);

      IntStream.range(0, 20).forEach(i -> client.send(new ClientPayload.Ping()));
      client.awaitClose();

      // Five refusals answer their frames; the sixth Error is the notice before the close.
      assertThat(client.frames().stream().filter(f -> f.payload() instanceof Error)).hasSize(6);
      assertThat(gateway.metrics.count("rateLimited DROPPED")).isEqualTo(5);
      assertThat(gateway.metrics.count("rateLimited CLOSED")).isEqualTo(1);
    }
  }
}
