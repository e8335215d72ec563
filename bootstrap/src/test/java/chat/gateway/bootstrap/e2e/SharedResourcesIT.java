package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.client.ClientResources;
import chat.gateway.client.GatewayClient;
import chat.gateway.domain.Message;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many clients in one process on shared {@link ClientResources}: the thread count does not grow
 * with the connections, every client still works, and closing the resources ends the threads.
 */
class SharedResourcesIT {

  private static final int CLIENTS = 60;
  private static final long FIRST_USER = 73_000;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void sixtyClientsOnSharedResourcesUseAFewThreadsAndAllTalk() throws Exception {
    Set<String> selectorsBefore = Threads.named("HttpClient-");
    try (GatewayFixture gateway = GatewayFixture.start()) {
      ClientResources shared =
          ClientResources.builder().name("shared-it").eventThreads(2).ioThreads(2).build();
      List<GatewayClient> clients = new ArrayList<>();
      List<RecordingListener> listeners = new ArrayList<>();
      try {
        for (int i = 0; i < CLIENTS; i++) {
          long user = FIRST_USER + i;
          RecordingListener listener = new RecordingListener();
          listeners.add(listener);
          clients.add(
              GatewayClient.builder(gateway.uri())
                  .token(() -> gateway.token(user))
                  .resources(shared)
                  .listener(listener)
                  .build());
        }
        CompletableFuture.allOf(
                clients.stream().map(GatewayClient::connect).toArray(CompletableFuture<?>[]::new))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // Each client sends to the next one round the ring.
        List<CompletableFuture<ChatAck>> sent = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          long next = FIRST_USER + (i + 1) % CLIENTS;
          sent.add(clients.get(i).send(next, "text", "ring " + i));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture<?>[]::new))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < CLIENTS; i++) {
          RecordingListener listener = listeners.get(i);
          String expected = "ring " + Math.floorMod(i - 1, CLIENTS);
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      listener.messages.stream().map(Message::content).anyMatch(expected::equals));
        }

        Set<String> threads = Threads.named("shared-it-");
        // Two event threads, one timer, two I/O workers: not one per client.
        assertThat(threads).contains("shared-it-events-1", "shared-it-events-2", "shared-it-timer");
        assertThat(threads).hasSize(5);
        Set<String> selectors = Threads.named("HttpClient-");
        selectors.removeAll(selectorsBefore);
        assertThat(selectors).as("one HttpClient for all").hasSizeLessThanOrEqualTo(1);

        // Closing a client leaves the others, and the shared threads, running.
        clients.getFirst().close();
        assertThat(clients.get(1).sync(0).get(10, TimeUnit.SECONDS).messages()).isNotEmpty();
      } finally {
        clients.forEach(GatewayClient::close);
        shared.close();
      }
      await().atMost(WAIT).until(() -> Threads.named("shared-it-").isEmpty());
      await().atMost(WAIT).until(() -> gateway.gateway().openConnections() == 0);
    }
  }
}
