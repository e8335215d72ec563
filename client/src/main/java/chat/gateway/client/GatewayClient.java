package chat.gateway.client;

import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.SyncRsp;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection to the chat gateway over the JDK's WebSocket client, speaking its MessagePack
 * protocol, that stays connected: build one with {@link #builder(URI)}, {@link #connect()}, use it,
 * {@link #close()} it.
 *
 * <p>Once connected, the client keeps its session up by itself. A lost connection (the gateway
 * closing with a code that says to come back, a broken network, no frame within the pong timeout)
 * is followed by a wait ({@link ReconnectPolicy}: 1 s, ×1.5, at most 30 s, with jitter) and a new
 * attempt, with a token asked afresh from the supplier. Once authenticated again, it sets the
 * presence status and watch list it had, sends again every message not yet acked (with the same
 * {@code client_msg_id}, so the gateway stores each once), and syncs from the last message it holds
 * until the gateway has no more. A token refused, a close code that says not to come back ({@link
 * CloseAdvice}), or {@link #close()} ends the session for good.
 *
 * <p>Thread-safe: any thread may call any method. Every {@link ClientListener} callback runs, and
 * every reply completes its future, on the client's event loop, one at a time, in the order the
 * gateway's frames arrived. The token supplier runs, and the futures that only wait for a frame to
 * be written ({@link #markRead}, {@link #setPresence}, {@link #watchPresence}) complete, on the JDK
 * HttpClient's workers. A client alone owns those threads (one event thread, named after {@link
 * GatewayClientBuilder#threadName}, the HttpClient's selector and workers) and {@link #close()}
 * ends them; many clients can share one set instead ({@link ClientResources}).
 *
 * <p>{@link #send} works whenever the session runs: while disconnected, messages wait for the next
 * connection (at most a thousand unacked). The other requests need a connected client; made
 * otherwise, their future fails at once with {@link IllegalStateException}. A request other than
 * {@code send} still unanswered when the connection ends fails with {@link
 * ConnectionClosedException}; one the gateway refuses fails with {@link GatewayErrorException}.
 */
public final class GatewayClient implements AutoCloseable {

  /** Where the client's connection is. */
  public enum State {
    /** Opening the socket or waiting for the gateway to accept the token. */
    CONNECTING,
    /** Authenticated: requests can be made. */
    CONNECTED,
    /** The connection was lost; waiting for the backoff before the next attempt. */
    RECONNECTING,
    /** No session: not connected yet, or given up (refused, told not to reconnect, or closed). */
    CLOSED
  }

  /** How long {@link #close()} waits for the gateway to answer its close. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final ClientResources resources;
  private final boolean ownResources;
  private final EventLoop events;
  private final ClientCore core;
  private final AtomicBoolean closed = new AtomicBoolean();

  GatewayClient(ClientSettings settings) {
    this.ownResources = settings.resources().isEmpty();
    this.resources =
        settings
            .resources()
            .orElseGet(() -> ClientResources.own(settings.threadName(), settings.sslContext()));
    this.events = new EventLoop(resources);
    this.core = new ClientCore(settings, events, resources.http(), resources.io());
  }

  /** A builder for a client of the gateway at {@code uri}, e.g. {@code ws://localhost:8443/ws}. */
  public static GatewayClientBuilder builder(URI uri) {
    return new GatewayClientBuilder(uri);
  }

  /**
   * Starts the session: opens the socket, sends Auth with a token from the supplier, and completes
   * with the user the gateway recognised. While the gateway cannot be reached, the client keeps
   * trying (see {@link ClientListener#onReconnecting}) and the future waits: bound it with {@code
   * orTimeout} if the caller cannot. It fails with {@link GatewayErrorException} when the gateway
   * refuses the token (its text, e.g. {@code "WS_AUTH_FAILED: token expired"}, also goes to {@link
   * ClientListener#onError}), with {@link ConnectionClosedException} when the gateway closes with a
   * code that says not to reconnect (or the first attempt fails and reconnecting is off), and with
   * {@link IllegalStateException} while a session runs or after {@link #close()}. May be called
   * again once a session ended, e.g. with a supplier that now has a valid token.
   */
  public CompletableFuture<UserId> connect() {
    return core.connect();
  }

  /**
   * Sends a chat message with a new {@code client_msg_id}; completes with the gateway's ChatAck
   * once the message is durably stored, however many connections that takes: a message not acked
   * when its connection is lost is sent again on the next one. Fails with {@link
   * GatewayErrorException} when the gateway refuses it (e.g. {@code WS_USER_NOT_FOUND}, {@code
   * WS_RATE_LIMITED}), with {@link ConnectionClosedException} when the session ends before the ack,
   * and with {@link IllegalStateException} when no session runs or a thousand messages wait.
   *
   * @param type {@code text}, {@code voice} or {@code image}; the gateway checks it
   */
  public CompletableFuture<ChatAck> send(long to, String type, String content) {
    String clientMsgId = UUID.randomUUID().toString();
    return core.send(new ClientPayload.Chat(to, type, content, Optional.of(clientMsgId)));
  }

  /**
   * Acks a message to this user as read; completes when the frame is written. The gateway answers
   * only a refusal, which goes to {@link ClientListener#onError}.
   */
  public CompletableFuture<Void> markRead(MessageId message) {
    return core.write(new ClientPayload.Ack(message.value(), DeliveryStatus.READ.wireName()));
  }

  /**
   * Sets this user's presence as others see it; completes when the frame is written. The client
   * sets it again after each reconnect.
   */
  public CompletableFuture<Void> setPresence(PresenceStatus status) {
    return core.setPresence(status.wireName());
  }

  /**
   * Replaces this connection's presence watch list (PresenceSub); the watched users' statuses, and
   * later their changes, arrive at {@link ClientListener#onPresence}. Completes when the frame is
   * written. Needed when the gateway's audience is {@code subscribed}. The client sends the list
   * again after each reconnect.
   */
  public CompletableFuture<Void> watchPresence(Collection<UserId> users) {
    return core.watchPresence(users.stream().map(UserId::value).toList());
  }

  /**
   * Asks for this user's messages after {@code lastMessageId} (0: from the start), oldest first,
   * one page; {@code hasMore} says whether to ask again from the page's last id. The page is
   * returned, not delivered to the listener. Fails with {@link
   * java.util.concurrent.TimeoutException} when no answer came within the {@linkplain
   * GatewayClientBuilder#requestTimeout request timeout}.
   */
  public CompletableFuture<SyncRsp> sync(long lastMessageId) {
    return core.sync(new ClientPayload.SyncReq(lastMessageId, 0)).thenApply(SyncRsp.class::cast);
  }

  public State state() {
    return core.state();
  }

  /** The authenticated user while connected. */
  public Optional<UserId> user() {
    return core.user();
  }

  /**
   * Chat messages that reached this client again, after it had passed them to {@code onMessage},
   * and were dropped: the gateway repeats a message whose ack it never got, and a gateway without
   * the Auth resume point (see docs/protocol.md) sends a reconnecting client its backlog twice. For
   * monitoring; it only grows.
   */
  public long repeatsDropped() {
    return core.repeatsDropped();
  }

  /**
   * Sends a normal close (1000) on an open connection, waits briefly for the gateway's answer and
   * reports {@link ClientListener#onClosed} one last time; stops any reconnecting; fails what still
   * waits, unacked messages included, with {@link ConnectionClosedException}; and ends the client's
   * threads. Idempotent; the client cannot connect again.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    core.closing().ifPresent(this::finish);
    events.submit(core::closed);
    events.shutdown(CLOSE_WAIT);
    if (ownResources) {
      resources.close(!events.inEventThread());
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
}
