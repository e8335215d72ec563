package chat.gateway.client;

import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.SyncRsp;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A connection to the chat gateway over the JDK's WebSocket client, speaking its MessagePack
 * protocol. Build one with {@link #builder(URI)}, {@link #connect()}, use it, {@link #close()} it.
 *
 * <p>Thread-safe: any thread may call any method. A client owns two small thread pools, named after
 * {@link GatewayClientBuilder#threadName}: one event thread, on which every {@link ClientListener}
 * callback runs and every reply completes its future, in the order the gateway's frames arrived,
 * and the JDK HttpClient's workers, on which the futures that only wait for a frame to be written
 * ({@link #markRead}, {@link #setPresence}, {@link #watchPresence}) complete. {@link #close()} ends
 * both.
 *
 * <p>Requests need a connected client; made otherwise, their future fails at once with {@link
 * IllegalStateException}, as it does when a thousand frames already wait to be written. A request
 * still unanswered when the connection ends fails with {@link ConnectionClosedException}; one the
 * gateway refuses fails with {@link GatewayErrorException}. This client does not reconnect by
 * itself (yet): after a loss, {@link ClientListener#onClosed} says why and {@link CloseAdvice}
 * whether to call {@link #connect()} again; messages seen before stay de-duplicated.
 */
public final class GatewayClient implements AutoCloseable {

  /** Where the client's connection is. */
  public enum State {
    /** Opening the socket or waiting for the gateway to accept the token. */
    CONNECTING,
    /** Authenticated: requests can be made. */
    CONNECTED,
    /** No connection: not yet connected, lost, or closed. */
    CLOSED
  }

  /** How long {@link #close()} waits for the gateway to answer its close. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final EventLoop events;
  private final ExecutorService io;
  private final HttpClient http;
  private final ClientCore core;

  GatewayClient(ClientSettings settings) {
    this.events = new EventLoop(settings.threadName());
    this.io = EventLoop.ioExecutor(settings.threadName());
    HttpClient.Builder http =
        HttpClient.newBuilder().executor(io).connectTimeout(settings.connectTimeout());
    settings.sslContext().ifPresent(http::sslContext);
    this.http = http.build();
    this.core = new ClientCore(settings, events, this.http);
  }

  /** A builder for a client of the gateway at {@code uri}, e.g. {@code ws://localhost:8443/ws}. */
  public static GatewayClientBuilder builder(URI uri) {
    return new GatewayClientBuilder(uri);
  }

  /**
   * Opens the socket, sends Auth with a token from the supplier, and completes with the user the
   * gateway recognised. Fails with {@link GatewayErrorException} when the gateway refuses the token
   * (its text, e.g. {@code "WS_AUTH_FAILED: token expired"}, also goes to {@link
   * ClientListener#onError}), with {@link ConnectionClosedException} when the socket cannot open or
   * closes first, and with {@link IllegalStateException} when a connection is open or opening, or
   * the client is closed. May be called again after a connection was lost.
   */
  public CompletableFuture<UserId> connect() {
    return core.connect();
  }

  /**
   * Sends a chat message with a new {@code client_msg_id}; completes with the gateway's ChatAck
   * once the message is durably stored.
   *
   * @param type {@code text}, {@code voice} or {@code image}; the gateway checks it
   */
  public CompletableFuture<ChatAck> send(long to, String type, String content) {
    String clientMsgId = UUID.randomUUID().toString();
    ClientPayload chat = new ClientPayload.Chat(to, type, content, Optional.of(clientMsgId));
    return core.request(chat, FrameType.CHAT_ACK).thenApply(ChatAck.class::cast);
  }

  /**
   * Acks a message to this user as read; completes when the frame is written. The gateway answers
   * only a refusal, which goes to {@link ClientListener#onError}.
   */
  public CompletableFuture<Void> markRead(MessageId message) {
    return core.write(new ClientPayload.Ack(message.value(), DeliveryStatus.READ.wireName()));
  }

  /** Sets this user's presence as others see it; completes when the frame is written. */
  public CompletableFuture<Void> setPresence(PresenceStatus status) {
    return core.write(new ClientPayload.Presence(status.wireName()));
  }

  /**
   * Replaces this connection's presence watch list (PresenceSub); the watched users' statuses, and
   * later their changes, arrive at {@link ClientListener#onPresence}. Completes when the frame is
   * written. Needed when the gateway's audience is {@code subscribed}.
   */
  public CompletableFuture<Void> watchPresence(Collection<UserId> users) {
    List<Long> ids = users.stream().map(UserId::value).toList();
    return core.write(new ClientPayload.PresenceSub(ids));
  }

  /**
   * Asks for this user's messages after {@code lastMessageId} (0: from the start), oldest first,
   * one page; {@code hasMore} says whether to ask again from the page's last id. The page is
   * returned, not delivered to the listener.
   */
  public CompletableFuture<SyncRsp> sync(long lastMessageId) {
    return core.request(new ClientPayload.SyncReq(lastMessageId, 0), FrameType.SYNC_RSP)
        .thenApply(SyncRsp.class::cast);
  }

  public State state() {
    return core.state();
  }

  /** The authenticated user while connected. */
  public Optional<UserId> user() {
    return core.user();
  }

  /**
   * Sends a normal close (1000), waits briefly for the gateway's answer, fails what still waits
   * with {@link ConnectionClosedException}, reports {@link ClientListener#onClosed} one last time,
   * and ends the client's threads. Idempotent; the client cannot connect again.
   */
  @Override
  public void close() {
    Optional<Link> open = core.closing();
    if (open.isEmpty() && io.isShutdown()) {
      return;
    }
    open.ifPresent(this::finish);
    events.shutdown(CLOSE_WAIT);
    http.shutdownNow();
    io.shutdownNow();
    if (!events.inEventThread()) {
      awaitQuietly(() -> http.awaitTermination(CLOSE_WAIT));
      awaitQuietly(() -> io.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  private void finish(Link open) {
    if (open.closeNormally(ClientCore.CLOSED_BY_CLIENT) && !events.inEventThread()) {
      try {
        open.gone().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // No answer: the socket is dropped below.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    events.submit(
        () -> core.linkLost(open, CloseAdvice.NORMAL_CLOSURE, ClientCore.CLOSED_BY_CLIENT));
  }

  private interface Wait {
    boolean await() throws InterruptedException;
  }

  private static void awaitQuietly(Wait wait) {
    try {
      wait.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
