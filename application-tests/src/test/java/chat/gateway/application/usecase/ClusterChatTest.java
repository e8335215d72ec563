package chat.gateway.application.usecase;

import static chat.gateway.application.usecase.SharedCluster.id;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.ChatPush;
import chat.gateway.domain.protocol.ServerPayload.Error;
import chat.gateway.domain.protocol.ServerPayload.ReceiptPush;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three instances of one cluster (shared routing table, presence, bus and store): a chat, its
 * receipts and the per-user cap reach a user's connections wherever they are.
 */
class ClusterChatTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final SharedCluster cluster = new SharedCluster();
  private final TestGateway a = cluster.start("a");
  private final TestGateway b = cluster.start("b");
  private final TestGateway c = cluster.start("c");

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aChatFromOneInstanceReachesTheRecipientAndTheSendersOtherDevicesOnTheOthers() {
    TestClient alicePhone = a.login(alice);
    TestClient aliceLaptop = b.login(alice);
    TestClient bobPhone = b.login(bob);
    TestClient bobTablet = c.login(bob);

    long seq = alicePhone.chat(bob, "across the cluster");

    MessageId id = alicePhone.awaitReply(seq, ChatAck.class).messageId();
    Message stored = cluster.store.find(id).orElseThrow();
    assertThat(stored.from()).isEqualTo(alice);
    assertThat(stored.to()).isEqualTo(bob);
    for (TestClient copy : List.of(bobPhone, bobTablet, aliceLaptop)) {
      ChatPush push = copy.awaitPush(ChatPush.class, p -> p.message().id().equals(id));
      assertThat(push.message()).isEqualTo(stored);
      assertThat(copy.frames()).containsOnlyOnce(ServerFrame.push(push));
    }
    // The push follows the ack on the sender's queue: by the next pong it was routed.
    alicePhone.roundTrip();
    assertThat(alicePhone.pushes(ChatPush.class)).isEmpty();
  }

  @Test
  void aReceiptOnOneInstanceReachesTheSenderOnAnother() {
    TestClient alicePhone = a.login(alice);
    TestClient aliceLaptop = c.login(alice);
    TestClient bobPhone = b.login(bob);
    MessageId id =
        alicePhone.awaitReply(alicePhone.chat(bob, "read me"), ChatAck.class).messageId();
    bobPhone.awaitPush(ChatPush.class, p -> p.message().id().equals(id));

    bobPhone.send(new ClientPayload.Ack(id.value(), "delivered"));
    bobPhone.send(new ClientPayload.Ack(id.value(), "read"));

    for (TestClient sender : List.of(alicePhone, aliceLaptop)) {
      sender.awaitPushes(ReceiptPush.class, 2);
      assertThat(sender.pushes(ReceiptPush.class))
          .containsExactly(
              new ReceiptPush(id, bob, DeliveryStatus.DELIVERED),
              new ReceiptPush(id, bob, DeliveryStatus.READ));
    }
    assertThat(cluster.store.find(id).orElseThrow().status()).isEqualTo(DeliveryStatus.READ);
    bobPhone.roundTrip();
    assertThat(bobPhone.received(ReceiptPush.class)).isEmpty();
  }

  @Test
  void aFourthConnectionOnAnotherInstanceEvictsTheOldestWhereverItIs() {
    TestClient oldest = a.login(bob);
    TestClient second = a.login(bob);
    TestClient third = a.login(bob);
    assertThat(cluster.instancesOf(bob)).containsExactly(id("a"));

    TestClient fourth = b.login(bob);

    assertThat(oldest.awaitClose()).isEqualTo(CloseReason.REPLACED);
    assertThat(CloseReason.REPLACED.code()).isEqualTo(4409);
    List<ServerFrame> frames = oldest.frames();
    assertThat(frames.getLast().seq()).isZero();
    assertThat(frames.getLast().payload())
        .isInstanceOfSatisfying(
            Error.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WS_NOT_AUTHENTICATED));
    for (TestClient survivor : List.of(second, third, fourth)) {
      survivor.roundTrip();
      assertThat(survivor.isOpen()).isTrue();
    }
    TestClient.eventually().until(() -> a.core.registry().connectionsOf(bob).size() == 2);
    assertThat(b.core.registry().connectionsOf(bob)).hasSize(1);
    assertThat(cluster.instancesOf(bob)).containsExactlyInAnyOrder(id("a"), id("b"));

    // A chat to bob now reaches the three survivors, on both instances, and not the evicted one.
    TestClient alicePhone = c.login(alice);
    MessageId id =
        alicePhone
            .awaitReply(alicePhone.chat(bob, "after the eviction"), ChatAck.class)
            .messageId();
    for (TestClient survivor : List.of(second, third, fourth)) {
      survivor.awaitPush(ChatPush.class, p -> p.message().id().equals(id));
    }
    assertThat(oldest.pushes(ChatPush.class)).isEmpty();
  }

  @Test
  void aFifthConnectionEvictsTheNextOldestOnTheInstanceThatHoldsIt() {
    TestClient oldest = a.login(bob);
    TestClient second = b.login(bob);
    TestClient third = a.login(bob);
    b.login(bob);
    assertThat(oldest.awaitClose()).isEqualTo(CloseReason.REPLACED);

    c.login(bob);

    assertThat(second.awaitClose()).isEqualTo(CloseReason.REPLACED);
    third.roundTrip();
    assertThat(third.isOpen()).isTrue();
    assertThat(cluster.instancesOf(bob)).containsExactlyInAnyOrder(id("a"), id("b"), id("c"));
  }
}
