package chat.gateway.application.usecase;

import static chat.gateway.testsupport.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.MessageStore;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.ChatPush;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The send queue: a large backlog flows through it; a client that stops reading is dropped. */
class FlowControlTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    reader.shutdownNow();
  }

  @Test
  void aLargeBacklogReachesASlowReaderCompleteAndInOrderWithoutOverflowingItsQueue() {
    try (TestGateway gateway = TestGateway.start()) {
      int capacity = gateway.limits().sendQueueCapacity();
      List<MessageId> backlog = storeForBob(gateway, 1_000);
      RecordingTransport transport = RecordingTransport.withCapacity(capacity);
      reader.scheduleAtFixedRate(() -> transport.drain(5), 2, 2, TimeUnit.MILLISECONDS);

      TestClient client = gateway.authenticate(bob, transport);

      assertThat(client.awaitPushes(ChatPush.class, 1_000))
          .extracting(push -> push.message().id())
          .containsExactlyElementsOf(backlog);
      assertThat(transport.closeReason()).isEmpty();
      assertThat(transport.refusedFrames()).isZero();
      // The reader was slower than the gateway: the queue did fill, and flow control held it.
      assertThat(transport.maxQueued()).isBetween(capacity / 4, capacity);
    }
  }

  @Test
  void pushesWaitingForAnOpeningConnectionsAuthRspAreBoundedByItsSendQueue()
      throws InterruptedException {
    Faults faults = new Faults();
    try (TestGateway gateway =
        TestGateway.with().limits(limits -> limits.sendQueueCapacity(4)).faults(faults).start()) {
      TestClient sender = gateway.login(alice);
      Faults.Hold backlogEnd = faults.holdNext(MessageStore.class, "latestId");
      TestClient opening = gateway.open();
      long authSeq = opening.auth(bob);
      backlogEnd.awaitHeld();
      // Presence needs no room: Alice is already online. Five chats wait for the AuthRsp; four fit.
      for (int i = 0; i < 5; i++) {
        sender.awaitReply(sender.chat(bob, "m" + i), ChatAck.class);
      }
      backlogEnd.release();

      opening.awaitReply(authSeq, ServerPayload.AuthRsp.class);
      assertThat(opening.awaitClose()).isEqualTo(CloseReason.SLOW_CONSUMER);
      assertThat(gateway.login(bob).awaitPushes(ChatPush.class, 5)).hasSize(5);
    }
  }

  @Test
  void aClientWhoseQueueFillsIsClosedAndGetsTheMessagesAtItsNextLogin() {
    try (TestGateway gateway =
        TestGateway.with().limits(limits -> limits.sendQueueCapacity(8)).start()) {
      TestClient sender = gateway.login(alice);
      RecordingTransport stuck = RecordingTransport.withCapacity(8);
      TestClient stalled = gateway.login(bob, stuck);

      List<MessageId> sent =
          IntStream.range(0, 10)
              .mapToObj(n -> sender.awaitReply(sender.chat(bob, "m" + n), ChatAck.class))
              .map(ChatAck::messageId)
              .toList();

      assertThat(stalled.awaitClose()).isEqualTo(CloseReason.SLOW_CONSUMER);
      assertThat(stuck.refusedFrames()).isPositive();
      assertThat(stuck.maxQueued()).isEqualTo(8);
      TestClient.eventually().until(() -> gateway.core.registry().connectionsOf(bob).isEmpty());
      assertStillSent(gateway, sent);
      TestClient again = gateway.login(bob);
      assertThat(again.awaitPushes(ChatPush.class, sent.size()))
          .extracting(push -> push.message().id())
          .containsExactlyElementsOf(sent);
    }
  }

  @Test
  void aLoginPushThatCannotBeWrittenInTimeClosesTheClientAndKeepsTheRestForLater() {
    try (TestGateway gateway =
        TestGateway.with()
            .limits(limits -> limits.sendQueueCapacity(8).writeTimeout(Duration.ofMillis(200)))
            .start()) {
      List<MessageId> backlog = storeForBob(gateway, 20);
      RecordingTransport stuck = RecordingTransport.withCapacity(8);

      TestClient stalled = gateway.authenticate(bob, stuck);

      assertThat(stalled.awaitClose()).isEqualTo(CloseReason.SLOW_CONSUMER);
      // The gateway gave up waiting; it never overfilled the queue.
      assertThat(stuck.refusedFrames()).isZero();
      assertThat(stalled.pushes(ChatPush.class)).hasSizeLessThan(backlog.size());
      assertStillSent(gateway, backlog);
      TestClient again = gateway.login(bob);
      assertThat(again.awaitPushes(ChatPush.class, backlog.size()))
          .extracting(push -> push.message().id())
          .containsExactlyElementsOf(backlog);
    }
  }

  @Test
  void aClientSendingRequestsFasterThanItReadsTheAnswersIsSlowedDownNotDropped() {
    try (TestGateway gateway = TestGateway.start()) {
      int capacity = gateway.limits().sendQueueCapacity();
      RecordingTransport transport = RecordingTransport.withCapacity(capacity);
      TestClient client = gateway.authenticate(bob, transport);
      transport.drain(capacity);
      // Above the mailbox's high water (64), below the hard cap for sockets that keep delivering.
      int pings = 120;
      List<Long> seqs =
          IntStream.range(0, pings).mapToObj(n -> client.send(new ClientPayload.Ping())).toList();

      // Nothing is read yet: answers stop at half the queue, then the socket stops reading.
      TestClient.eventually().until(transport::readingPaused);
      assertThat(transport.maxQueued()).isLessThanOrEqualTo(capacity / 2 + 1);
      reader.scheduleAtFixedRate(() -> transport.drain(10), 1, 1, TimeUnit.MILLISECONDS);

      TestClient.eventually()
          .until(() -> client.received(ServerPayload.Pong.class).size() == pings);
      assertThat(client.frames())
          .filteredOn(frame -> frame.payload() instanceof ServerPayload.Pong)
          .extracting(ServerFrame::seq)
          .containsExactlyElementsOf(seqs);
      assertThat(transport.closeReason()).isEmpty();
      assertThat(transport.refusedFrames()).isZero();
      assertThat(transport.readingPaused()).isFalse();
    }
  }

  private List<MessageId> storeForBob(TestGateway gateway, int count) {
    return IntStream.range(0, count)
        .mapToObj(n -> gateway.store.store(aMessage().from(alice).to(bob).text("m" + n).build()))
        .map(result -> result.message().id())
        .toList();
  }

  private static void assertStillSent(TestGateway gateway, List<MessageId> ids) {
    assertThat(ids)
        .allSatisfy(
            id ->
                assertThat(gateway.store.find(id).orElseThrow().status())
                    .isEqualTo(DeliveryStatus.SENT));
  }
}
