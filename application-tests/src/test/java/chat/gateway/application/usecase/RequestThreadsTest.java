package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.MessageStore;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.ChatPush;
import chat.gateway.domain.protocol.ServerPayload.Pong;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which thread serves a request: with ports that never wait, the thread that read it (here the
 * test's), when nothing else of its connection is queued and its send queue is below half full;
 * otherwise the executor, in the order the requests came.
 */
class RequestThreadsTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);

  @Test
  void withPortsThatNeverWaitAChatIsServedAndPushedOnTheThreadThatReadIt() {
    try (TestGateway gateway = TestGateway.with().nonBlockingPorts(true).start()) {
      TestClient receiver = gateway.login(bob);
      TestClient sender = gateway.login(alice);
      awaitServedHere(sender);

      long chat = sender.chat(bob, "hi");

      // Answered before frameArrived returned, by this thread: no task on the executor.
      assertThat(senderOf(sender, chat, ChatAck.class)).contains(Thread.currentThread());
      int push = indexOf(receiver.frames(), 0, ChatPush.class);
      assertThat(receiver.transport().senders().get(push)).isSameAs(Thread.currentThread());
    }
  }

  @Test
  void withPortsThatMayWaitEveryRequestIsServedOnTheExecutor() {
    try (TestGateway gateway = TestGateway.with().nonBlockingPorts(false).start()) {
      TestClient receiver = gateway.login(bob);
      TestClient sender = gateway.login(alice);

      for (int i = 0; i < 20; i++) {
        long chat = sender.chat(bob, "m" + i);
        sender.awaitReply(chat, ChatAck.class);
        assertThat(senderOf(sender, chat, ChatAck.class).orElseThrow().isVirtual()).isTrue();
      }
      receiver.awaitPushes(ChatPush.class, 20);
      assertThat(receiver.transport().senders())
          .allSatisfy(t -> assertThat(t.isVirtual()).isTrue());
    }
  }

  @Test
  void authSyncAndWatchListsGoToTheExecutorEvenWhenThePortsNeverWait() {
    try (TestGateway gateway = TestGateway.with().nonBlockingPorts(true).start()) {
      TestClient client = gateway.open();
      long auth = client.auth(alice);
      client.awaitReply(auth, ServerPayload.AuthRsp.class);
      assertThat(senderOf(client, auth, ServerPayload.AuthRsp.class).orElseThrow().isVirtual())
          .isTrue();
      awaitServedHere(client);

      long sync = client.send(new ClientPayload.SyncReq(0, 0));
      client.awaitReply(sync, ServerPayload.SyncRsp.class);
      assertThat(senderOf(client, sync, ServerPayload.SyncRsp.class).orElseThrow().isVirtual())
          .isTrue();
      awaitServedHere(client);

      long watch = client.send(new ClientPayload.PresenceSub(List.of(bob.value())));
      client.awaitReply(watch, ServerPayload.PresencePush.class);
      assertThat(
              senderOf(client, watch, ServerPayload.PresencePush.class).orElseThrow().isVirtual())
          .isTrue();
    }
  }

  @Test
  void requestsThatCameWhileAnAuthWasServedRunAfterItOnTheExecutorAndAllAreAnsweredInOrder()
      throws InterruptedException {
    Faults faults = new Faults();
    try (TestGateway gateway = TestGateway.with().faults(faults).nonBlockingPorts(true).start()) {
      TestClient receiver = gateway.login(bob);
      Faults.Hold backlogEnd = faults.holdNext(MessageStore.class, "latestId");
      TestClient sender = gateway.open();
      List<Long> requests = new ArrayList<>();
      requests.add(sender.auth(alice));
      backlogEnd.awaitHeld();
      // The Auth is held on the executor: these wait behind it (fewer than the mailbox's 64).
      for (int i = 0; i < 20; i++) {
        requests.add(sender.chat(bob, "queued " + i));
        requests.add(sender.send(new ClientPayload.Ping()));
      }
      assertThat(sender.frames()).isEmpty();
      backlogEnd.release();
      long lastQueued = requests.getLast();
      sender.awaitReply(lastQueued, Pong.class);
      assertThat(senderOf(sender, lastQueued, Pong.class).orElseThrow().isVirtual()).isTrue();
      requests.addAll(awaitServedHere(sender));
      List<Long> servedHere = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        servedHere.add(sender.chat(bob, "here " + i));
        servedHere.add(sender.send(new ClientPayload.Ping()));
      }

      // The ones that came once the mailbox was idle were served here, before send returned.
      assertThat(senderOf(sender, servedHere.getLast(), Pong.class))
          .contains(Thread.currentThread());
      List<Long> all = new ArrayList<>(requests);
      all.addAll(servedHere);
      assertThat(replySeqs(sender)).containsExactlyElementsOf(all);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        expected.add("queued " + i);
      }
      for (int i = 0; i < 20; i++) {
        expected.add("here " + i);
      }
      assertThat(receiver.awaitPushes(ChatPush.class, 40))
          .extracting(push -> push.message().content())
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aRequestFindingItsSendQueueHalfFullWaitsOnTheExecutorNotOnTheReadingThread() {
    try (TestGateway gateway =
        TestGateway.with()
            .nonBlockingPorts(true)
            .limits(limits -> limits.sendQueueCapacity(8))
            .start()) {
      RecordingTransport transport = RecordingTransport.withCapacity(8);
      TestClient reader = gateway.login(bob, transport);
      TestClient sender = gateway.login(alice);
      awaitServedHere(reader);
      int before = transport.frames().size();
      for (int i = 0; i < 4; i++) {
        sender.awaitReply(sender.chat(bob, "m" + i), ChatAck.class);
      }
      TestClient.eventually().until(() -> transport.frames().size() >= before + 4);

      long ping = reader.send(new ClientPayload.Ping());

      // Half the queue is taken: the Ping went to the executor, which waits for room.
      assertThat(senderOf(reader, ping, Pong.class)).isEmpty();
      transport.drain(8);
      reader.awaitReply(ping, Pong.class);
      assertThat(senderOf(reader, ping, Pong.class).orElseThrow().isVirtual()).isTrue();
    }
  }

  /**
   * Pings until one is served on this thread: the connection's earlier tasks have all run. Returns
   * the pings' seqs.
   */
  private static List<Long> awaitServedHere(TestClient client) {
    List<Long> pings = new ArrayList<>();
    while (pings.size() < 50) {
      long ping = client.send(new ClientPayload.Ping());
      pings.add(ping);
      client.transport().drain(Integer.MAX_VALUE);
      client.awaitReply(ping, Pong.class);
      if (senderOf(client, ping, Pong.class).orElseThrow() == Thread.currentThread()) {
        return pings;
      }
    }
    throw new AssertionError("no request was served on the thread that read it");
  }

  /** The thread that queued the reply of type {@code type} to request {@code seq}, if any yet. */
  private static Optional<Thread> senderOf(
      TestClient client, long seq, Class<? extends ServerPayload> type) {
    List<ServerFrame> frames = client.frames();
    int index = indexOf(frames, seq, type);
    return index < 0 ? Optional.empty() : Optional.of(client.transport().senders().get(index));
  }

  private static int indexOf(
      List<ServerFrame> frames, long seq, Class<? extends ServerPayload> type) {
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).seq() == seq && type.isInstance(frames.get(i).payload())) {
        return i;
      }
    }
    return -1;
  }

  private static List<Long> replySeqs(TestClient client) {
    return client.frames().stream().map(ServerFrame::seq).filter(seq -> seq > 0).toList();
  }
}
