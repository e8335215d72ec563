package chat.gateway.client;

import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's session: from {@link #connect} until the client gives up, it keeps a connection
 * open. It starts links (the {@link Connector} opens and authenticates each), and when one is lost,
 * decides in one place, {@link #linkLost}, whether to wait and try again ({@link Backoff}) or end.
 * After each authentication it restores what the gateway keeps per connection (presence status,
 * watch list), sends again what the {@link Outbox} holds, and after a reconnect catches up by sync
 * from the last message held. Everything but the public entry points ({@link #connect}, {@link
 * #send}, {@link #sync}, {@link #write}, {@link #closing}) runs on the event thread.
 */
final class ClientCore implements Connector.Outcome {

  static final String CLOSED_BY_CLIENT = "closed by client";

  private static final System.Logger LOG = System.getLogger(ClientCore.class.getName());

  /**
   * How far before its first connection a client that holds no message syncs from after a
   * reconnect: its clock and the gateway's may differ by that much.
   */
  static final Duration CLOCK_SKEW_MARGIN = Duration.ofMinutes(1);

  private final ClientSettings settings;
  private final EventLoop events;
  private final Connector connector;
  private final ClientListener listener;
  private final FrameCodec codec = new FrameCodec();
  private final AtomicLong seqs = new AtomicLong();
  private final Inbox inbox;
  private final Inbound inbound;
  private final Outbox outbox;
  private final Optional<Backoff> backoff;
  private volatile GatewayClient.State state = GatewayClient.State.CLOSED;
  private volatile Optional<UserId> user = Optional.empty();

  // Guarded by this: read by callers' threads.
  private Link link;
  private boolean closing;
  private CompletableFuture<UserId> session;

  // Event thread only.
  private Heartbeat heartbeat;
  private ScheduledFuture<?> retry;
  private Throwable refusal;
  private long firstConnectedMillis;
  private long resumedFrom;
  private Optional<String> presence = Optional.empty();
  private Optional<List<Long>> watching = Optional.empty();

  ClientCore(ClientSettings settings, EventLoop events, HttpClient http, Executor io) {
    this.settings = settings;
    this.events = events;
    this.connector =
        new Connector(
            settings, events, http, io, codec, seqs::incrementAndGet, this::resumePoint, this);
    this.listener = new GuardedListener(settings.listener());
    this.inbox =
        new Inbox(listener, settings.autoAckDelivered(), seqs::incrementAndGet, () -> user);
    this.inbound = new Inbound(listener, inbox);
    this.outbox = new Outbox(events, seqs::incrementAndGet, ack -> inbox.sentByMe(ack.messageId()));
    this.backoff =
        settings
            .reconnect()
            .map(policy -> new Backoff(policy, () -> ThreadLocalRandom.current().nextDouble()));
  }

  GatewayClient.State state() {
    return state;
  }

  Optional<UserId> user() {
    return user;
  }

  long repeatsDropped() {
    return inbox.repeats();
  }

  /**
   * Starts the session; fails at once while one runs, or after close. The future completes at the
   * first authentication, and fails when the session ends before it.
   */
  CompletableFuture<UserId> connect() {
    CompletableFuture<UserId> started;
    synchronized (this) {
      if (closing) {
        return CompletableFuture.failedFuture(new IllegalStateException("the client is closed"));
      }
      if (session != null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("already connected or connecting"));
      }
      started = new CompletableFuture<>();
      session = started;
    }
    events.submit(
        () -> {
          backoff.ifPresent(Backoff::reset);
          attempt();
        });
    // A copy: the caller must not be able to complete the session's own future.
    return started.copy();
  }

  /**
   * Sends a chat message through the outbox: at once when connected, else at the next connection.
   * Fails at once when no session runs.
   */
  CompletableFuture<ChatAck> send(ClientPayload.Chat chat) {
    CompletableFuture<ChatAck> result = new CompletableFuture<>();
    if (!sessionRunning() || !events.submit(() -> enqueue(chat, result))) {
      result.completeExceptionally(notConnected(chat));
    }
    return result;
  }

  /** Sends {@code payload}, which gets no reply, on the authenticated link. */
  CompletableFuture<Void> write(ClientPayload payload) {
    Link current = authenticatedLink();
    if (current == null) {
      return CompletableFuture.failedFuture(notConnected(payload));
    }
    return current.write(frame(payload));
  }

  /** Sets this user's presence, and again on every later connection. */
  CompletableFuture<Void> setPresence(String status) {
    return keptForNextConnections(
        write(new ClientPayload.Presence(status)), () -> presence = Optional.of(status));
  }

  /** Replaces the watch list, and sends it again on every later connection. */
  CompletableFuture<Void> watchPresence(List<Long> userIds) {
    List<Long> ids = List.copyOf(userIds);
    return keptForNextConnections(
        write(new ClientPayload.PresenceSub(ids)), () -> watching = Optional.of(ids));
  }

  /**
   * Marks the client closing: connect() fails from now on, and a loss is reported as the client's
   * close.
   *
   * @return the link that is open or opening, for the caller to close; empty when none is, or when
   *     the client was already closing
   */
  synchronized Optional<Link> closing() {
    if (closing) {
      return Optional.empty();
    }
    closing = true;
    return Optional.ofNullable(link).filter(current -> !current.isLost());
  }

  /** After {@link #closing()}: ends the session if a link's loss did not (e.g. while waiting). */
  void closed() {
    terminate(
        new ConnectionClosedException(CloseAdvice.NORMAL_CLOSURE, CLOSED_BY_CLIENT),
        CloseAdvice.NORMAL_CLOSURE,
        CLOSED_BY_CLIENT);
  }

  @Override
  public void frameArrived(Link from, ServerFrame frame) {
    if (!from.isLost()) {
      inbound.handle(from, frame);
    }
  }

  /**
   * The one place a connection ends, whatever ended it: fails what waits on it, stops its
   * heartbeat, reports the close, then either ends the session (the client closes, the token was
   * refused, the close code says not to reconnect, or reconnecting is off) or waits as the backoff
   * says and tries again.
   */
  @Override
  public void linkLost(Link lost, int code, String reason) {
    boolean byClient;
    synchronized (this) {
      byClient = closing;
    }
    int reportedCode = byClient ? CloseAdvice.NORMAL_CLOSURE : code;
    String reportedReason = byClient ? CLOSED_BY_CLIENT : reason;
    // Fails its requests: the outbox puts its unacked messages back in line.
    if (!lost.markLost(reportedCode, reportedReason)) {
      return;
    }
    if (heartbeat != null) {
      heartbeat.stop();
      heartbeat = null;
    }
    user = Optional.empty();
    inbox.linkLost();
    listener.onClosed(reportedCode, reportedReason);
    boolean giveUp =
        byClient
            || refusal != null
            || backoff.isEmpty()
            || CloseAdvice.of(reportedCode) == CloseAdvice.DO_NOT_RECONNECT;
    if (giveUp) {
      Throwable cause =
          refusal != null ? refusal : new ConnectionClosedException(reportedCode, reportedReason);
      terminate(cause, reportedCode, reportedReason);
    } else {
      scheduleRetry(backoff.get());
    }
  }

  @Override
  public void accepted(Link next, UserId accepted) {
    boolean reconnected = firstConnectedMillis != 0;
    if (!reconnected) {
      firstConnectedMillis = System.currentTimeMillis();
    }
    user = Optional.of(accepted);
    backoff.ifPresent(schedule -> schedule.connected(System.nanoTime()));
    setState(GatewayClient.State.CONNECTED);
    heartbeat.startPinging();
    // What the gateway keeps per connection, then what waits to be sent, then the catch-up.
    presence.ifPresent(status -> next.write(frame(new ClientPayload.Presence(status))));
    watching.ifPresent(ids -> next.write(frame(new ClientPayload.PresenceSub(ids))));
    outbox.flush(next);
    if (reconnected) {
      catchUp(next);
    }
    CompletableFuture<UserId> started;
    synchronized (this) {
      started = session;
    }
    if (started != null) {
      started.complete(accepted);
    }
  }

  @Override
  public void refused(Link next, Throwable cause) {
    refusal = cause;
    if (cause instanceof GatewayErrorException refused) {
      listener.onError(new ServerPayload.Error(refused.code(), refused.text()));
    }
  }

  @Override
  public void authUnavailable(Link next, GatewayErrorException error) {
    listener.onError(new ServerPayload.Error(error.code(), error.text()));
  }

  /**
   * The resume point for the Auth of the next link (event thread): after a reconnect, the highest
   * message id held, from which the catch-up syncs, so the gateway's login push stops there and
   * nothing reaches this client twice; 0 (none) on the first connection, which does not sync, and
   * while no message is held.
   */
  private long resumePoint() {
    resumedFrom = firstConnectedMillis != 0 ? inbox.lastHeld() : 0;
    return resumedFrom;
  }

  private void attempt() {
    retry = null;
    Link next;
    synchronized (this) {
      if (closing || session == null) {
        return;
      }
      next = new Link(codec, events, this);
      link = next;
    }
    refusal = null;
    setState(GatewayClient.State.CONNECTING);
    heartbeat =
        new Heartbeat(
            events,
            next,
            this,
            settings.heartbeatInterval(),
            settings.pongTimeout(),
            seqs::incrementAndGet);
    connector.open(next, heartbeat);
  }

  private void scheduleRetry(Backoff schedule) {
    Duration delay = schedule.next(System.nanoTime());
    setState(GatewayClient.State.RECONNECTING);
    listener.onReconnecting(schedule.attempts(), delay);
    retry = events.schedule(this::attempt, delay);
  }

  /** Ends the session, once: no more attempts; what waits fails. */
  private void terminate(Throwable cause, int code, String reason) {
    CompletableFuture<UserId> ended;
    synchronized (this) {
      ended = session;
      session = null;
    }
    if (ended == null) {
      return;
    }
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
    // CLOSED first: whoever sees a request fail must see the client closed too.
    setState(GatewayClient.State.CLOSED);
    outbox.failAll(new ConnectionClosedException(code, reason));
    ended.completeExceptionally(cause);
  }

  /**
   * Syncs from the last message held until the gateway has no more, delivering each page through
   * the inbox; pushes meanwhile wait in the inbox. A client that holds no message yet syncs from
   * shortly before its first connection. A lost link abandons it: the next connection starts over.
   */
  private void catchUp(Link on) {
    inbox.catchingUp();
    // From the resume point the Auth gave, below which the gateway's login push covers the rest.
    long held = resumedFrom > 0 ? resumedFrom : inbox.lastHeld();
    long since = held > 0 ? 0 : firstConnectedMillis - CLOCK_SKEW_MARGIN.toMillis();
    syncPage(on, new ClientPayload.SyncReq(held, since));
  }

  private void syncPage(Link on, ClientPayload.SyncReq page) {
    syncOn(on, page).whenComplete((reply, error) -> events.run(() -> synced(on, reply, error)));
  }

  /** A sync page on the authenticated link, failing with a TimeoutException when unanswered. */
  CompletableFuture<ServerPayload> sync(ClientPayload.SyncReq page) {
    Link current = authenticatedLink();
    if (current == null) {
      return CompletableFuture.failedFuture(notConnected(page));
    }
    return syncOn(current, page);
  }

  private CompletableFuture<ServerPayload> syncOn(Link link, ClientPayload.SyncReq page) {
    return link.request(frame(page), FrameType.SYNC_RSP)
        .orTimeout(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  private void synced(Link on, ServerPayload reply, Throwable error) {
    if (on.isLost()) {
      return;
    }
    if (error != null) {
      Throwable cause = Failures.unwrap(error);
      if (cause instanceof GatewayErrorException refused) {
        listener.onError(new ServerPayload.Error(refused.code(), refused.text()));
      } else if (cause instanceof TimeoutException) {
        LOG.log(
            Level.WARNING, "the catch-up sync got no answer within {0}", settings.requestTimeout());
      }
      // Whatever the failure, pushes must not wait forever; the next reconnect syncs again.
      inbox.caughtUp(on);
      return;
    }
    ServerPayload.SyncRsp page = (ServerPayload.SyncRsp) reply;
    boolean more = page.hasMore() && !page.messages().isEmpty();
    // The next page is asked for before this one is delivered, so that the request goes out ahead
    // of this page's acks and the gateway reads the next page while this one is delivered. Its
    // answer is handled on this thread after this call: the pages still reach the listener in
    // order.
    if (more) {
      long last = page.messages().getLast().id().value();
      syncPage(on, new ClientPayload.SyncReq(last, 0));
    }
    inbox.synced(on, page.messages());
    if (!more) {
      inbox.caughtUp(on);
    }
  }

  private void enqueue(ClientPayload.Chat chat, CompletableFuture<ChatAck> result) {
    if (!sessionRunning()) {
      result.completeExceptionally(notConnected(chat));
      return;
    }
    outbox.add(chat, result, state == GatewayClient.State.CONNECTED ? currentLink() : null);
  }

  /**
   * Keeps, on the event thread, what the gateway holds per connection and so must be set again on
   * the next one; unless {@code written} was refused at once (not connected).
   */
  private CompletableFuture<Void> keptForNextConnections(
      CompletableFuture<Void> written, Runnable keep) {
    if (!written.isCompletedExceptionally()) {
      events.submit(keep);
    }
    return written;
  }

  private ClientFrame frame(ClientPayload payload) {
    return new ClientFrame(seqs.incrementAndGet(), payload);
  }

  private synchronized boolean sessionRunning() {
    return session != null && !closing;
  }

  private synchronized Link currentLink() {
    return link;
  }

  private synchronized Link authenticatedLink() {
    return state == GatewayClient.State.CONNECTED ? link : null;
  }

  private void setState(GatewayClient.State next) {
    if (state != next) {
      state = next;
      listener.onStateChanged(next);
    }
  }

  private static IllegalStateException notConnected(ClientPayload payload) {
    return new IllegalStateException("not connected: " + payload.type() + " not sent");
  }
}
