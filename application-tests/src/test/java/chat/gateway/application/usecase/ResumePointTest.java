package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.ChatPush;
import chat.gateway.domain.protocol.ServerPayload.SyncRsp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resume point of an Auth: a reconnecting client that holds messages up to an id and syncs from
 * there itself gets the backlog after that id once, by its sync, not a second time as the login
 * push. Below the point the login push still repeats what was never acked.
 */
class ResumePointTest {

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final TestGateway gateway =
      TestGateway.with().limits(limits -> limits.syncPageSize(3)).start();
  private final List<MessageId> sent = new ArrayList<>();

  @BeforeEach
  void bobIsAwayWhileAliceWrites() {
    TestClient aliceClient = gateway.login(alice);
    for (int i = 0; i < 8; i++) {
      sent.add(aliceClient.awaitReply(aliceClient.chat(bob, "m" + i), ChatAck.class).messageId());
    }
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void theLoginPushStopsAtTheResumePointAndTheSyncFromItBringsTheRestEachOnce() {
    MessageId resume = sent.get(2);
    TestClient device = gateway.open();
    ServerPayload.AuthRsp rsp =
        device.awaitReply(
            device.send(new ClientPayload.Auth("user:" + bob.value(), resume.value())),
            ServerPayload.AuthRsp.class);
    assertThat(rsp.success()).isTrue();

    // What the client library does next: sync from the resume point until has_more is false.
    List<MessageId> synced = new ArrayList<>();
    long cursor = resume.value();
    while (true) {
      SyncRsp page =
          device.awaitReply(device.send(new ClientPayload.SyncReq(cursor, 0)), SyncRsp.class);
      page.messages().forEach(message -> synced.add(message.id()));
      if (!page.hasMore() || page.messages().isEmpty()) {
        break;
      }
      cursor = page.messages().getLast().id().value();
    }
    // The three messages up to the resume point, never acked, come as the login push; nothing
    // after it does, however long one waits.
    device.awaitPushes(ChatPush.class, 3);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> device.pushes(ChatPush.class).size() == 3);

    List<MessageId> pushed =
        device.pushes(ChatPush.class).stream().map(push -> push.message().id()).toList();
    assertThat(pushed).containsExactlyElementsOf(sent.subList(0, 3));
    assertThat(synced).containsExactlyElementsOf(sent.subList(3, 8));
  }

  @Test
  void anAuthWithoutAResumePointGetsTheWholeBacklogPushedAsBefore() {
    TestClient device = gateway.login(bob);

    List<MessageId> pushed =
        device.awaitPushes(ChatPush.class, sent.size()).stream()
            .map(push -> push.message().id())
            .toList();
    assertThat(pushed).containsExactlyElementsOf(sent);
  }
}
