package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.domain.Limits;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The send path is bounded in bytes: sync pages, each connection's queue and the total across
 * connections, whatever clients that stop reading ask for; a client that reads is served meanwhile.
 */
class SendQueueBoundsIT {

  private static final String CONTENT = "x".repeat(60_000);
  private static final int PAGE_BYTES = 200 * 1024;
  private static final int QUEUE_BYTES = 256 * 1024;
  private static final long TOTAL_BYTES = 640 * 1024;

  @Test
  void aSyncPageHoldsAtMostItsByteBudgetAndPagingStillReachesEveryMessage() {
    long sender = 7_101;
    long reader = 7_102;
    try (GatewayFixture gw = start(Duration.ofSeconds(10));
        TestClient from = gw.login(sender);
        TestClient to = gw.login(reader)) {
      List<MessageId> stored = storeLargeMessages(from, reader, 12);

      List<MessageId> synced = new ArrayList<>();
      long cursor = 0;
      while (true) {
        long seq = to.send(new ClientPayload.SyncReq(cursor, 0));
        ServerFrame reply = to.await(f -> f.seq() == seq, "SyncRsp " + seq);
        ServerPayload.SyncRsp page = (ServerPayload.SyncRsp) reply.payload();
        long contentBytes =
            page.messages().stream()
                .mapToLong(m -> m.content().getBytes(StandardCharsets.UTF_8).length)
                .sum();
        assertThat(page.messages()).isNotEmpty();
        assertThat(contentBytes).as("content in one page").isLessThanOrEqualTo(PAGE_BYTES);
        page.messages().stream().map(Message::id).forEach(synced::add);
        cursor = page.messages().getLast().id().value();
        if (!page.hasMore()) {
          break;
        }
      }
      assertThat(synced).containsExactlyElementsOf(stored);
    }
  }

  @Test
  void clientsThatStopReadingCannotQueueMoreThanTheTotalAndAReaderIsServedMeanwhile()
      throws Exception {
    Duration writeTimeout = Duration.ofSeconds(2);
    long sender = 7_201;
    long reader = 7_202;
    long[] hoarders = {7_211, 7_212, 7_213, 7_214};
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    List<HttpClient> clients = new ArrayList<>();
    List<TestClient> stalled = new ArrayList<>();
    try (GatewayFixture gw = start(writeTimeout);
        TestClient from = gw.login(sender);
        TestClient to = gw.login(reader)) {
      for (long hoarder : hoarders) {
        storeLargeMessages(from, hoarder, 10);
      }
      AtomicLong peak = new AtomicLong();
      sampler.scheduleAtFixedRate(
          () -> peak.accumulateAndGet(gw.gateway().queuedSendBytes(), Math::max),
          0,
          2,
          TimeUnit.MILLISECONDS);

      // Each hoarder logs in (a 600 KB login push waits for it) and asks for its history again
      // and again, never reading: each ask is a 600 KB answer.
      for (long hoarder : hoarders) {
        HttpClient http = HttpClient.newHttpClient();
        clients.add(http);
        TestClient client = TestClient.connect(http, gw.uri(), Map.of());
        stalled.add(client);
        client.stopReading();
        client.send(new ClientPayload.Auth(gw.token(hoarder)));
        for (int i = 0; i < 20; i++) {
          client.send(new ClientPayload.SyncReq(0, 0));
        }
      }

      // The reader still gets its chat, within the write timeout that frees the hoarders' bytes.
      long seq = from.send(new ClientPayload.Chat(reader, "text", "still here", Optional.empty()));
      from.await(f -> f.seq() == seq && f.type() == FrameType.CHAT_ACK, "ChatAck");
      to.await(
          f ->
              f.payload() instanceof ServerPayload.ChatPush push
                  && push.message().content().equals("still here"),
          "the reader's push");

      // Every hoarder is closed as a slow consumer, and gives back what it held.
      await().atMost(writeTimeout.multipliedBy(4)).until(() -> gw.gateway().openConnections() == 2);
      await().atMost(Duration.ofSeconds(5)).until(() -> gw.gateway().queuedSendBytes() == 0);
      assertThat(peak.get())
          .as("bytes queued at once, across all connections")
          .isPositive()
          .isLessThanOrEqualTo(TOTAL_BYTES);
      to.roundTrip();
    } finally {
      sampler.shutdownNow();
      stalled.forEach(TestClient::abort);
      clients.forEach(HttpClient::shutdownNow);
    }
  }

  private static GatewayFixture start(Duration writeTimeout) {
    return GatewayFixture.start(
        config ->
            GatewayFixture.withLimits(
                config,
                limits ->
                    limits
                        .sendQueueBytes(QUEUE_BYTES)
                        .sendBufferTotalBytes(TOTAL_BYTES)
                        .syncPageBytes(PAGE_BYTES)
                        .writeTimeout(writeTimeout)
                        .rateLimit(new Limits.RateLimit(10_000, 10_000))));
  }

  /** {@code count} messages of 60 KB from {@code from} to {@code to}, each acked. */
  private static List<MessageId> storeLargeMessages(TestClient from, long to, int count) {
    List<MessageId> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long seq = from.send(new ClientPayload.Chat(to, "text", i + ":" + CONTENT, Optional.empty()));
      ServerFrame ack =
          from.await(f -> f.seq() == seq && f.type() == FrameType.CHAT_ACK, "ChatAck " + seq);
      ids.add(((ServerPayload.ChatAck) ack.payload()).messageId());
    }
    return ids;
  }
}
