package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.client.GatewayClient;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.LongFunction;

/**
 * Pairs of client-library clients (sender, receiver) behind one URI, typically a load balancer in
 * front of a cluster, that send paced chats with a {@code client_msg_id} each and reconnect by
 * themselves ({@link QuickReconnect}); then every message is checked: acked, shown once to its
 * receiver after the client's de-duplication, and stored once.
 */
final class ClusterTraffic implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(60);

  /** One sender and its receiver, with what each was told and what was acked. */
  record Pair(
      long sender,
      long receiver,
      GatewayClient sendingClient,
      GatewayClient receivingClient,
      RecordingListener sent,
      RecordingListener received,
      List<CompletableFuture<ChatAck>> acks) {}

  private final List<Pair> pairs = new ArrayList<>();
  private volatile boolean stop;
  private Thread background;
  private final List<GatewayClient> clients = new ArrayList<>();
  private final List<RecordingListener> listeners = new ArrayList<>();

  /**
   * {@code count} pairs of users from {@code firstUser} on, connected to {@code uri} in the order
   * sender 0, receiver 0, receiver 1, sender 1, sender 2, ... so that a round-robin balancer puts
   * senders and receivers on every instance.
   */
  ClusterTraffic(URI uri, LongFunction<String> tokens, long firstUser, int count) throws Exception {
    this(List.of(uri), tokens, firstUser, count);
  }

  /**
   * The same, the clients connected in that order to {@code uris} in turn (the k-th to {@code
   * uris[k % n]}): with one URI per instance of two, each pair's sender and receiver are on
   * different instances, half of the pairs one way, half the other.
   */
  ClusterTraffic(List<URI> uris, LongFunction<String> tokens, long firstUser, int count)
      throws Exception {
    List<GatewayClient> order = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long sender = firstUser + 2L * i;
      long receiver = sender + 1;
      RecordingListener sent = new RecordingListener();
      RecordingListener received = new RecordingListener();
      boolean senderFirst = i % 2 == 0;
      URI senderUri = uris.get((senderFirst ? 2 * i : 2 * i + 1) % uris.size());
      URI receiverUri = uris.get((senderFirst ? 2 * i + 1 : 2 * i) % uris.size());
      GatewayClient sending = client(senderUri, tokens, sender, sent);
      GatewayClient receiving = client(receiverUri, tokens, receiver, received);
      pairs.add(
          new Pair(
              sender,
              receiver,
              sending,
              receiving,
              sent,
              received,
              Collections.synchronizedList(new ArrayList<>())));
      order.addAll(senderFirst ? List.of(sending, receiving) : List.of(receiving, sending));
    }
    for (GatewayClient client : order) {
      client.connect().get(20, TimeUnit.SECONDS);
    }
  }

  private GatewayClient client(
      URI uri, LongFunction<String> tokens, long user, RecordingListener listener) {
    GatewayClient client =
        QuickReconnect.client(uri, () -> tokens.apply(user), listener)
            // A dead instance's sockets are cut (HAProxy passes the reset on): no need to wait for
            // a missing pong. A loaded instance on two cores may take a second to answer a ping.
            .heartbeatInterval(Duration.ofSeconds(1))
            .pongTimeout(Duration.ofSeconds(5))
            .threadName("traffic-" + UserId.of(user))
            .build();
    clients.add(client);
    listeners.add(listener);
    return client;
  }

  List<Pair> pairs() {
    return pairs;
  }

  /**
   * {@code steps} rounds, {@code pace} apart, of one chat from each sender to its receiver; {@code
   * atStep} runs after each round (with its number), e.g. to kill an instance mid-traffic.
   */
  void send(int steps, Duration pace, IntConsumer atStep) throws InterruptedException {
    for (int step = 0; step < steps; step++) {
      for (Pair pair : pairs) {
        pair.acks().add(pair.sendingClient().send(pair.receiver(), "text", "m-" + step));
      }
      atStep.accept(step);
      Thread.sleep(pace);
    }
  }

  /**
   * Sends as {@link #send} does, a round every {@code pace}, on a thread of its own until {@link
   * #stopSending()}; returns at once.
   */
  void startSending(Duration pace) {
    background =
        Thread.ofPlatform()
            .name("cluster-traffic")
            .start(
                () -> {
                  int step = 0;
                  while (!stop) {
                    for (Pair pair : pairs) {
                      pair.acks()
                          .add(pair.sendingClient().send(pair.receiver(), "text", "m-" + step));
                    }
                    step++;
                    try {
                      Thread.sleep(pace);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  /** Stops what {@link #startSending} started; returns how many messages each sender sent. */
  int stopSending() throws InterruptedException {
    stop = true;
    background.join();
    return pairs.getFirst().acks().size();
  }

  /** Waits until every message sent so far is acked. */
  void awaitAcked(Duration limit) throws Exception {
    for (Pair pair : pairs) {
      CompletableFuture.allOf(sentSoFar(pair).toArray(CompletableFuture[]::new))
          .get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static List<CompletableFuture<ChatAck>> sentSoFar(Pair pair) {
    synchronized (pair.acks()) {
      return List.copyOf(pair.acks());
    }
  }

  /**
   * Every message was acked (each client sends again what was not until it is), is stored once (the
   * acked ids are the ids in {@code cluster}'s PostgreSQL for that sender and receiver, no more),
   * and reaches its receiver once: the listener never shows a message twice nor one that was not
   * acked, and what it did not get pushed is in the receiver's sync. (A push can be lost with the
   * instance that acked the message: it publishes to the receiver's instance after the ack. The
   * receiver, connected all along to a survivor, then learns of the message at its next sync, as an
   * app does when it comes to the foreground.) Returns how many were got by sync only.
   */
  int assertEveryMessageAckedStoredOnceAndShownOnce(ClusterFixture cluster) throws Exception {
    int bySyncOnly = 0;
    for (Pair pair : pairs) {
      List<CompletableFuture<ChatAck>> sent = sentSoFar(pair);
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      List<MessageId> acked = sent.stream().map(ack -> ack.join().messageId()).toList();
      assertThat(new HashSet<>(acked))
          .as("one message id per message of %d", pair.sender())
          .hasSize(acked.size());
      Set<Long> stored = cluster.storedMessages(pair.sender(), pair.receiver());
      assertThat(stored)
          .as("stored from %d to %d", pair.sender(), pair.receiver())
          .containsExactlyInAnyOrderElementsOf(acked.stream().map(MessageId::value).toList());

      // Pushes still on their way get a few seconds; what does not come is looked up by sync.
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (!pair.received().messageIds().containsAll(acked) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Set<MessageId> synced = new HashSet<>();
      for (Message message : SyncPages.all(pair.receivingClient())) {
        if (message.from().equals(UserId.of(pair.sender()))) {
          synced.add(message.id());
        }
      }
      assertThat(synced).as("the sync of %d", pair.receiver()).containsAll(acked);
      List<MessageId> shown = pair.received().messageIds();
      assertThat(shown)
          .as("shown to %d: once each, only acked ones", pair.receiver())
          .doesNotHaveDuplicates()
          .isSubsetOf(acked);
      bySyncOnly += acked.size() - shown.size();
    }
    return bySyncOnly;
  }

  /** Every client is connected (again). */
  void awaitAllConnected() {
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("every client connected")
        .until(() -> clients.stream().allMatch(c -> c.state() == GatewayClient.State.CONNECTED));
  }

  /** Every close any client reported so far, in no particular order. */
  List<RecordingListener.Close> closes() {
    List<RecordingListener.Close> all = new ArrayList<>();
    listeners.forEach(listener -> all.addAll(listener.closes));
    return all;
  }

  /** How many clients lost a connection and reconnected. */
  long reconnected() {
    return listeners.stream().filter(listener -> !listener.reconnects.isEmpty()).count();
  }

  int clientCount() {
    return clients.size();
  }

  @Override
  public void close() {
    clients.forEach(GatewayClient::close);
  }
}
