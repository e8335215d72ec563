package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, defect 5, on an undersized heap (32 MiB): chats of 60 KiB sent through the protocol by a
 * user under a generous rate limit. With the in-memory store bounded below the heap the gateway
 * keeps serving, its oldest messages evicted; with the bound above the heap it runs out of memory,
 * and the process, started as gateway.sh starts it, ends instead of lingering half-dead.
 */
class OutOfMemoryIT {

  private static final String HEAP = "-Xmx32m";
  private static final String CONTENT = "x".repeat(60 * 1024);
  private static final long SENDER = 81_001;
  private static final long RECIPIENT = 81_002;
  private static final Map<String, String> FAST =
      Map.of(
          "GATEWAY_RATE_LIMIT", "100000",
          "GATEWAY_RATE_BURST", "100000",
          "GATEWAY_SYNC_PAGE_SIZE", "10");

  @Test
  void aStoreBoundBelowTheHeapKeepsTheGatewayServingWhileChatsTwiceTheHeapArrive(@TempDir Path dir)
      throws Exception {
    Map<String, String> env = new HashMap<>(FAST);
    env.put("GATEWAY_MEMORY_STORE_MAX_BYTES", Integer.toString(4 * 1024 * 1024));
    try (GatewayProcess gateway = GatewayProcess.start(dir, "bounded", 0, HEAP, env);
        TestClient sender = gateway.login(SENDER)) {
      // 1,000 × 60 KiB: about 60 MiB, twice the heap.
      List<MessageId> acked = send(sender, 1_000);

      assertThat(acked).hasSize(1_000);
      assertThat(gateway.isAlive()).as(gateway.output()).isTrue();
      assertThat(gateway.get("/healthz")).isEqualTo(200);
      assertThat(gateway.get("/readyz")).isEqualTo(200);
      try (TestClient another = gateway.login(81_003)) {
        another.roundTrip();
      }
      // The oldest messages were evicted: a sync from the beginning starts well past the first.
      long request = sender.send(new ClientPayload.SyncReq(0, 0));
      ServerFrame reply =
          sender.await(
              frame -> frame.seq() == request && frame.type() == FrameType.SYNC_RSP, "sync");
      List<Message> page = ((ServerPayload.SyncRsp) reply.payload()).messages();
      assertThat(page).isNotEmpty();
      assertThat(page.get(0).id()).isGreaterThan(acked.get(900));
      assertThat(gateway.output()).doesNotContain("OutOfMemoryError");
    }
  }

  @Test
  void aStoreBoundAboveTheHeapEndsTheProcessOnOutOfMemoryError(@TempDir Path dir) throws Exception {
    Map<String, String> env = new HashMap<>(FAST);
    env.put("GATEWAY_MEMORY_STORE_MAX_BYTES", Long.toString(1L << 30));
    try (GatewayProcess gateway = GatewayProcess.start(dir, "unbounded", 0, HEAP, env);
        TestClient sender = gateway.login(SENDER)) {
      AtomicLong lastAck = new AtomicLong(System.nanoTime());
      // In the background: once the gateway is gone its acks never come.
      CompletableFuture<List<MessageId>> sending =
          CompletableFuture.supplyAsync(() -> send(sender, 2_000, lastAck));

      Optional<Integer> status = gateway.awaitExit(Duration.ofSeconds(90));

      assertThat(status).as("exited; printed %s", gateway.output()).isPresent();
      long afterLastAck = System.nanoTime() - lastAck.get();
      assertThat(status.get()).isEqualTo(3); // what -XX:+ExitOnOutOfMemoryError exits with
      assertThat(gateway.output()).contains("Terminating due to java.lang.OutOfMemoryError");
      assertThat(sending).isNotDone();
      assertThat(Duration.ofNanos(afterLastAck))
          .as("from the last ack to the end of the process")
          .isLessThan(Duration.ofSeconds(20));
      sender.abort();
    }
  }

  private static List<MessageId> send(TestClient sender, int count) {
    return send(sender, count, new AtomicLong());
  }

  /**
   * Sends {@code count} chats to the recipient, 20 at a time, each batch acked before the next;
   * sets {@code lastAck} to the time of each ack.
   */
  private static List<MessageId> send(TestClient sender, int count, AtomicLong lastAck) {
    List<MessageId> acked = new ArrayList<>();
    for (int sent = 0; sent < count; sent += 20) {
      List<Long> seqs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        seqs.add(sender.send(new ClientPayload.Chat(RECIPIENT, "text", CONTENT, Optional.empty())));
      }
      for (long seq : seqs) {
        ServerFrame ack = sender.await(frame -> frame.seq() == seq, "the ack of " + seq);
        assertThat(ack.payload()).isInstanceOf(ServerPayload.ChatAck.class);
        lastAck.set(System.nanoTime());
        acked.add(((ServerPayload.ChatAck) ack.payload()).messageId());
      }
    }
    return acked;
  }
}
