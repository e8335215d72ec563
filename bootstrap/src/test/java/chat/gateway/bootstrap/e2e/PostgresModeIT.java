package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.gateway.adapters.persistence.PostgresSettings;
import chat.gateway.bootstrap.MainAccess;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.testsupport.postgres.PostgresSchema;
import chat.gateway.testsupport.postgres.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The gateway on PostgreSQL: messages outlive the gateway, users come from the database, and a
 * database outage refuses what cannot be stored, turns the gateway not ready, and heals by itself
 * with every acked message still there.
 */
class PostgresModeIT {

  private final PostgresServer server = PostgresServer.shared();
  private final PostgresSchema schema = server.newSchema();
  private final PostgresSettings settings =
      new PostgresSettings(
          schema.url(), schema.user(), schema.password(), 4, true, Duration.ofMillis(500));

  @Test
  void aMessageForSomeoneAwayReachesThemFromTheNextGatewayProcess() {
    addUsers("1-10");
    MessageId stored;
    try (GatewayFixture first = start();
        TestClient alice = first.login(1)) {
      stored = ack(alice, alice.send(chat(2, "while you were away")));
    }

    try (GatewayFixture second = start();
        TestClient bob = second.login(2)) {
      ServerFrame push = bob.await(FrameType.CHAT_PUSH);
      ServerPayload.ChatPush chat = (ServerPayload.ChatPush) push.payload();
      assertThat(chat.message().id()).isEqualTo(stored);
      assertThat(chat.message().content()).isEqualTo("while you were away");
    }
  }

  @Test
  void theUsersCommandDecidesWhoMayLogInAndReceive() {
    MainAccess.Result added = run("users", "add", "21", "22", "30-39");
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out()).contains("added 12 users");
    MainAccess.Result listed = run("users", "list", "--after", "21", "--limit", "3");
    assertThat(listed.out().lines().toList()).containsExactly("22", "30", "31");

    try (GatewayFixture gateway = start();
        TestClient sender = gateway.login(21)) {
      long unknown = sender.send(chat(23, "to nobody"));
      ServerFrame refused = sender.await(f -> f.seq() == unknown, "reply to " + unknown);
      assertThat(((ServerPayload.Error) refused.payload()).code())
          .isEqualTo(ErrorCode.WS_USER_NOT_FOUND);

      MainAccess.Result removed = run("users", "remove", "22");
      assertThat(removed.out()).contains("removed 1 user");
      long gone = sender.send(chat(22, "removed"));
      ServerFrame reply = sender.await(f -> f.seq() == gone, "reply to " + gone);
      assertThat(reply.type()).isEqualTo(FrameType.ERROR);
      ack(sender, sender.send(chat(35, "in a range")));
    }
  }

  @Test
  void anOutageRefusesChatsTurnsNotReadyAndHealsWithEveryAckedMessageThere() {
    assumeTrue(server.canRestart(), "an existing server is never stopped by the tests");
    addUsers("41-42");
    try (GatewayFixture gateway = start();
        TestClient alice = gateway.login(41)) {
      List<MessageId> acked = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        acked.add(ack(alice, alice.send(chat(42, "before " + i))));
      }
      assertThat(ShutdownIT.status(gateway.http("/readyz"))).isEqualTo(200);

      server.stop();
      try {
        long during = alice.send(chat(42, "during the outage"));
        ServerFrame refused = alice.await(f -> f.seq() == during, "reply to " + during);
        assertThat(refused.type()).isEqualTo(FrameType.ERROR);
        assertThat(((ServerPayload.Error) refused.payload()).code())
            .isEqualTo(ErrorCode.WS_INTERNAL_ERROR);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> ShutdownIT.status(gateway.http("/readyz")) == 503);
      } finally {
        server.start();
      }

      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> ShutdownIT.status(gateway.http("/readyz")) == 200);
      acked.add(ack(alice, alice.send(chat(42, "after"))));
      try (TestClient bob = gateway.login(42)) {
        long sync = bob.send(new ClientPayload.SyncReq(0, 0));
        ServerPayload.SyncRsp page =
            (ServerPayload.SyncRsp) bob.await(f -> f.seq() == sync, "SyncRsp").payload();
        assertThat(page.messages())
            .extracting(message -> message.id())
            .containsExactlyElementsOf(acked);
        assertThat(page.messages())
            .extracting(message -> message.content())
            .doesNotContain("during the outage");
      }
    }
  }

  @Test
  void anUnreachableDatabaseAtStartIsAClearErrorAndANonZeroExit() {
    MainAccess.Result result =
        MainAccess.run(
            "serve",
            "--port",
            "0",
            "--host",
            "127.0.0.1",
            "--jwt-secret",
            GatewayFixture.SECRET,
            "--db-url",
            "jdbc:postgresql://127.0.0.1:1/chat",
            "--db-connect-timeout",
            "500ms");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("PostgreSQL at jdbc:postgresql://127.0.0.1:1/chat is unreachable")
        .doesNotContain("\tat ");
  }

  private GatewayFixture start() {
    return GatewayFixture.start(
        config -> GatewayFixture.withGenerousRateLimit(config.withDatabase(settings)));
  }

  private void addUsers(String ids) {
    MainAccess.Result result = run("users", "add", ids);
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  /** The jar's command line, pointed at this test's schema. */
  private MainAccess.Result run(String command, String... rest) {
    List<String> args = new ArrayList<>();
    args.add(command);
    args.addAll(
        List.of(
            "--db-url",
            settings.url(),
            "--db-user",
            settings.user(),
            "--db-password",
            settings.password()));
    args.addAll(List.of(rest));
    return MainAccess.run(args.toArray(String[]::new));
  }

  private static ClientPayload.Chat chat(long to, String text) {
    return new ClientPayload.Chat(to, "text", text, Optional.empty());
  }

  private static MessageId ack(TestClient client, long seq) {
    ServerFrame reply = client.await(f -> f.seq() == seq, "ChatAck " + seq);
    assertThat(reply.type()).as("%s", reply).isEqualTo(FrameType.CHAT_ACK);
    return ((ServerPayload.ChatAck) reply.payload()).messageId();
  }
}
