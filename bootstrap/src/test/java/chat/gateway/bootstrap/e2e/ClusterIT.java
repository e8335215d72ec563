package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway processes in cluster mode sharing PostgreSQL, Redis and Kafka: what one user does
 * on one instance reaches the users on the others (chats, the copies for the sender's other
 * devices, receipts, presence in both audiences), and the per-user cap holds across instances.
 */
class ClusterIT {

  private static final AtomicLong USERS = new AtomicLong(100);

  @TempDir static Path dir;
  private static ClusterFixture cluster;

  @BeforeAll
  static void start() {
    cluster = ClusterFixture.start(dir, 3, Map.of());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aChatReachesItsRecipientOnAnotherInstance() {
    long alice = USERS.incrementAndGet();
    long bob = USERS.incrementAndGet();
    try (TestClient a = cluster.login(0, alice);
        TestClient b = cluster.login(1, bob)) {
      long seq = a.send(chat(bob, "hello from gw-1", "c-1"));
      ServerPayload.ChatAck ack = ack(a, seq);
      assertThat(ack.clientMsgId()).contains("c-1");

      ServerPayload.ChatPush push = pushOf(b, ack.messageId());
      assertThat(push.message().from()).isEqualTo(UserId.of(alice));
      assertThat(push.message().to()).isEqualTo(UserId.of(bob));
      assertThat(push.message().content()).isEqualTo("hello from gw-1");
    }
  }

  @Test
  void everyDeviceOfTheRecipientAndTheSendersOtherDevicesGetTheMessageOnEveryInstance() {
    long alice = USERS.incrementAndGet();
    long bob = USERS.incrementAndGet();
    try (TestClient phone = cluster.login(0, alice);
        TestClient laptop = cluster.login(2, alice);
        TestClient bob0 = cluster.login(0, bob);
        TestClient bob1 = cluster.login(1, bob);
        TestClient bob2 = cluster.login(2, bob)) {
      long seq = phone.send(chat(bob, "to all your devices", "c-2"));
      MessageId id = ack(phone, seq).messageId();

      for (TestClient device : List.of(bob0, bob1, bob2)) {
        assertThat(pushOf(device, id).message().content()).isEqualTo("to all your devices");
      }
      assertThat(pushOf(laptop, id).message().from())
          .as("the copy for the sender's device on gw-3")
          .isEqualTo(UserId.of(alice));
      phone.roundTrip();
      assertThat(phone.frames())
          .as("the sending connection gets the ack, not a copy")
          .noneMatch(isPushOf(id));
    }
  }

  @Test
  void receiptsOnOneInstanceReachTheSenderOnAnother() {
    long alice = USERS.incrementAndGet();
    long bob = USERS.incrementAndGet();
    try (TestClient a = cluster.login(0, alice);
        TestClient b = cluster.login(1, bob)) {
      MessageId id = ack(a, a.send(chat(bob, "read me", "c-3"))).messageId();
      pushOf(b, id);

      b.send(new ClientPayload.Ack(id.value(), "delivered"));
      assertThat(receipt(a, id, DeliveryStatus.DELIVERED).userId()).isEqualTo(UserId.of(bob));
      b.send(new ClientPayload.Ack(id.value(), "read"));
      assertThat(receipt(a, id, DeliveryStatus.READ).userId()).isEqualTo(UserId.of(bob));
    }
  }

  @Test
  void aLoginAndALogoutOnOneInstanceAreSeenOnAnotherInAudienceAll() {
    long carol = USERS.incrementAndGet();
    long dave = USERS.incrementAndGet();
    try (TestClient watcher = cluster.login(0, carol)) {
      TestClient d = cluster.login(1, dave);
      presence(watcher, dave, PresenceStatus.ONLINE);

      d.send(new ClientPayload.Presence("away"));
      presence(watcher, dave, PresenceStatus.AWAY);

      d.close();
      presence(watcher, dave, PresenceStatus.OFFLINE);

      // A login on gw-3 gets the snapshot of who is online on the others: carol, on gw-1.
      try (TestClient late = cluster.login(2, USERS.incrementAndGet())) {
        presence(late, carol, PresenceStatus.ONLINE);
      }
    }
  }

  @Test
  void aWatchOnOneInstanceFollowsAUserOnAnotherInAudienceSubscribed(@TempDir Path own)
      throws Exception {
    try (ClusterFixture subscribed =
        ClusterFixture.start(own, 2, Map.of("GATEWAY_PRESENCE_AUDIENCE", "subscribed"))) {
      long erin = USERS.incrementAndGet();
      long frank = USERS.incrementAndGet();
      long grace = USERS.incrementAndGet();
      try (TestClient e = subscribed.login(0, erin);
          TestClient g = subscribed.login(1, grace)) {
        long sub = e.send(new ClientPayload.PresenceSub(List.of(frank, grace)));
        assertThat(answer(e, sub, frank)).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(answer(e, sub, grace))
            .as("grace's status, held by gw-2, answered on gw-1")
            .isEqualTo(PresenceStatus.ONLINE);

        TestClient f = subscribed.login(1, frank);
        presence(e, frank, PresenceStatus.ONLINE);
        f.send(new ClientPayload.Presence("away"));
        presence(e, frank, PresenceStatus.AWAY);
        f.close();
        presence(e, frank, PresenceStatus.OFFLINE);

        // Grace watches nobody: in audience subscribed she hears nothing of frank.
        g.roundTrip();
        assertThat(g.frames())
            .noneMatch(
                frame ->
                    frame.payload() instanceof ServerPayload.PresencePush push
                        && push.userId().equals(UserId.of(frank)));
      }
    }
  }

  @Test
  void theFourthConnectionOfAUserOnAnotherInstanceEvictsTheOldestOne() {
    long henry = USERS.incrementAndGet();
    try (TestClient first = cluster.login(0, henry);
        TestClient second = cluster.login(0, henry);
        TestClient third = cluster.login(0, henry);
        TestClient fourth = cluster.login(1, henry)) {
      ServerFrame error = first.await(FrameType.ERROR);
      assertThat(((ServerPayload.Error) error.payload()).code())
          .isEqualTo(ErrorCode.WS_NOT_AUTHENTICATED);
      assertThat(first.awaitClose()).as("the oldest connection, on gw-1").isEqualTo(4409);

      for (TestClient kept : List.of(second, third, fourth)) {
        kept.roundTrip();
        assertThat(kept.isClosed()).isFalse();
      }
      // The cap still holds with the newest on gw-2: one more on gw-3 evicts the second.
      try (TestClient fifth = cluster.login(2, henry)) {
        assertThat(second.awaitClose()).isEqualTo(4409);
        third.roundTrip();
        fourth.roundTrip();
        fifth.roundTrip();
      }
    }
  }

  static ClientPayload.Chat chat(long to, String content, String clientMsgId) {
    return new ClientPayload.Chat(to, "text", content, Optional.of(clientMsgId));
  }

  static ServerPayload.ChatAck ack(TestClient client, long seq) {
    ServerFrame reply = client.await(frame -> frame.seq() == seq, "the reply to " + seq);
    assertThat(reply.payload()).isInstanceOf(ServerPayload.ChatAck.class);
    return (ServerPayload.ChatAck) reply.payload();
  }

  static Predicate<ServerFrame> isPushOf(MessageId id) {
    return frame ->
        frame.payload() instanceof ServerPayload.ChatPush push && push.message().id().equals(id);
  }

  static ServerPayload.ChatPush pushOf(TestClient client, MessageId id) {
    return (ServerPayload.ChatPush) client.await(isPushOf(id), "ChatPush " + id).payload();
  }

  private static ServerPayload.ReceiptPush receipt(
      TestClient client, MessageId id, DeliveryStatus status) {
    return (ServerPayload.ReceiptPush)
        client
            .await(
                frame ->
                    frame.payload() instanceof ServerPayload.ReceiptPush push
                        && push.messageId().equals(id)
                        && push.status() == status,
                "ReceiptPush " + status + " of " + id)
            .payload();
  }

  static void presence(TestClient client, long user, PresenceStatus status) {
    client.await(
        frame ->
            frame.payload() instanceof ServerPayload.PresencePush push
                && push.userId().equals(UserId.of(user))
                && push.status() == status,
        "PresencePush " + user + " " + status);
  }

  private static PresenceStatus answer(TestClient client, long seq, long user) {
    return ((ServerPayload.PresencePush)
            client
                .await(
                    frame ->
                        frame.seq() == seq
                            && frame.payload() instanceof ServerPayload.PresencePush push
                            && push.userId().equals(UserId.of(user)),
                    "the PresencePush about " + user + " answering " + seq)
                .payload())
        .status();
  }

  static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }
}
