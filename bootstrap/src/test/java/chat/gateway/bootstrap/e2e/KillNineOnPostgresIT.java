package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.bootstrap.MainAccess;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.testsupport.postgres.PostgresSchema;
import chat.gateway.testsupport.postgres.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a gateway process on PostgreSQL while chats are in flight: every message it
 * acked is there after the restart, under the id it was acked with, and a client that sends again
 * what it did not see acked (same {@code client_msg_id}) stores nothing twice.
 */
class KillNineOnPostgresIT {

  private static final long ALICE = 3;
  private static final long BOB = 4;
  private static final int MESSAGES = 200;

  @Test
  void killedBetweenSendsAndReadsItLosesNoAckedMessageAndDuplicatesNone(@TempDir Path dir)
      throws Exception {
    PostgresSchema schema = PostgresServer.shared().newSchema();
    Map<String, String> database =
        Map.of(
            "GATEWAY_DB_URL", schema.url(),
            "GATEWAY_DB_USER", schema.user(),
            "GATEWAY_DB_PASSWORD", schema.password(),
            "GATEWAY_RATE_LIMIT", "10000",
            "GATEWAY_RATE_BURST", "10000");
    MainAccess.Result users =
        MainAccess.run(
            "users",
            "--db-url",
            schema.url(),
            "--db-user",
            schema.user(),
            "--db-password",
            schema.password(),
            "add",
            "1-10");
    assertThat(users.exitCode()).as(users.err()).isZero();
    int port = GatewayProcess.freePort();

    Map<String, MessageId> ackedBeforeTheKill = new HashMap<>();
    try (GatewayProcess first = GatewayProcess.start(dir, "gateway-1", port, "", database);
        TestClient alice = first.login(ALICE)) {
      Map<Long, String> sent = new HashMap<>();
      long watched = 0;
      for (int i = 0; i < MESSAGES / 2; i++) {
        String clientMsgId = "m-" + i;
        long seq = alice.send(chat(i, clientMsgId));
        sent.put(seq, clientMsgId);
        if (i == MESSAGES / 8) {
          watched = seq;
        }
      }
      long firstAcked = watched;
      alice.await(f -> f.seq() == firstAcked, "ChatAck " + firstAcked);
      // Some acked, some stored without an ack yet, some still on the wire: the process dies.
      first.kill();
      for (ServerFrame frame : alice.frames()) {
        if (frame.payload() instanceof ServerPayload.ChatAck ack) {
          ackedBeforeTheKill.put(sent.get(frame.seq()), ack.messageId());
        }
      }
    }

    Map<String, MessageId> acked = new HashMap<>();
    try (GatewayProcess second = GatewayProcess.start(dir, "gateway-2", port, "", database);
        TestClient alice = second.login(ALICE)) {
      // The client sends again everything: what was acked (it may not know) and what was not.
      for (int i = 0; i < MESSAGES; i++) {
        long seq = alice.send(chat(i, "m-" + i));
        ServerFrame reply = alice.await(f -> f.seq() == seq, "ChatAck " + seq);
        assertThat(reply.type()).as("%s", reply).isEqualTo(FrameType.CHAT_ACK);
        acked.put("m-" + i, ((ServerPayload.ChatAck) reply.payload()).messageId());
      }
      ackedBeforeTheKill.forEach(
          (clientMsgId, id) ->
              assertThat(acked.get(clientMsgId))
                  .as("%s, acked before the kill", clientMsgId)
                  .isEqualTo(id));

      try (TestClient bob = second.login(BOB)) {
        List<Message> history = syncAll(bob);
        assertThat(history).hasSize(MESSAGES);
        assertThat(history)
            .extracting(message -> message.clientMsgId().orElseThrow())
            .doesNotHaveDuplicates();
        assertThat(history)
            .extracting(Message::id)
            .containsExactlyInAnyOrderElementsOf(acked.values());
      }
    }
    assertThat(ackedBeforeTheKill).as("acks that arrived before the kill").isNotEmpty();
  }

  private static List<Message> syncAll(TestClient client) {
    List<Message> all = new ArrayList<>();
    long cursor = 0;
    while (true) {
      long seq = client.send(new ClientPayload.SyncReq(cursor, 0));
      ServerPayload.SyncRsp page =
          (ServerPayload.SyncRsp) client.await(f -> f.seq() == seq, "SyncRsp").payload();
      all.addAll(page.messages());
      if (!page.hasMore() || page.messages().isEmpty()) {
        return all;
      }
      cursor = page.messages().getLast().id().value();
    }
  }

  private static ClientPayload.Chat chat(int n, String clientMsgId) {
    return new ClientPayload.Chat(
        BOB, "text", "message " + n + " " + Duration.ofMillis(n), Optional.of(clientMsgId));
  }
}
