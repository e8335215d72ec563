package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 200 connections at once, each sending to random others: every message acked to a sender reaches
 * its recipient exactly once, and nothing arrives that was not sent.
 */
class ConcurrencyIT {

  private static final int CONNECTIONS = 200;
  private static final int MESSAGES_PER_CONNECTION = 20;
  private static final long FIRST_USER = 5001;

  @Test
  void twoHundredConnectionsExchangeMessagesWithNoneLostAndNoneDuplicated() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<TestClient> clients = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        clients.add(gateway.login(FIRST_USER + i));
      }
      try {
        List<Future<Map<MessageId, Long>>> senders = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
          TestClient client = clients.get(i);
          long self = FIRST_USER + i;
          Random random = new Random(i);
          senders.add(pool.submit(() -> sendAll(client, self, random)));
        }
        Map<MessageId, Long> recipientOf = new HashMap<>();
        for (Future<Map<MessageId, Long>> sender : senders) {
          recipientOf.putAll(sender.get());
        }
        assertThat(recipientOf).hasSize(CONNECTIONS * MESSAGES_PER_CONNECTION);

        Map<Long, Set<MessageId>> expected = new HashMap<>();
        recipientOf.forEach(
            (id, user) -> expected.computeIfAbsent(user, u -> new HashSet<>()).add(id));
        for (int i = 0; i < CONNECTIONS; i++) {
          long user = FIRST_USER + i;
          Set<MessageId> wanted = expected.getOrDefault(user, Set.of());
          List<MessageId> received = receive(clients.get(i), wanted.size());
          assertThat(received).as("pushes to user %d", user).doesNotHaveDuplicates();
          assertThat(new HashSet<>(received)).as("pushes to user %d", user).isEqualTo(wanted);
          clients.get(i).expectNone(Frames.ofType(FrameType.CHAT_PUSH), java.time.Duration.ZERO);
        }
      } finally {
        clients.forEach(TestClient::close);
      }
    }
  }

  private static Map<MessageId, Long> sendAll(TestClient client, long self, Random random) {
    Map<MessageId, Long> sent = new HashMap<>();
    for (int m = 0; m < MESSAGES_PER_CONNECTION; m++) {
      long to;
      do {
        to = FIRST_USER + random.nextInt(CONNECTIONS);
      } while (to == self);
      ServerPayload.ChatAck ack = Frames.sendText(client, to, "from " + self + " #" + m);
      sent.put(ack.messageId(), to);
    }
    return sent;
  }

  private static List<MessageId> receive(TestClient client, int count) {
    List<MessageId> ids = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      ServerFrame push = client.await(FrameType.CHAT_PUSH);
      Message message = Frames.message(push);
      ids.add(message.id());
    }
    return ids;
  }
}
