package chat.gateway.client;

import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's connection lifecycle: starts a link (the {@link Connector} opens and authenticates
 * it), keeps the client's state, and handles a link's loss in one place. Everything but the public
 * entry points ({@link #connect}, {@link #request}, {@link #write}, {@link #closing}) runs on the
 * event thread.
 */
final class ClientCore implements Connector.Outcome {

  static final String CLOSED_BY_CLIENT = "closed by client";

  private final ClientSettings settings;
  private final EventLoop events;
  private final Connector connector;
  private final ClientListener listener;
  private final FrameCodec codec = new FrameCodec();
  private final AtomicLong seqs = new AtomicLong();
  private final Inbound inbound;
  private volatile GatewayClient.State state = GatewayClient.State.CLOSED;
  private volatile Optional<UserId> user = Optional.empty();

  private Link link;
  private boolean closing;
  private Heartbeat heartbeat;

  ClientCore(ClientSettings settings, EventLoop events, HttpClient http) {
    this.settings = settings;
    this.events = events;
    this.connector = new Connector(settings, events, http, codec, seqs::incrementAndGet, this);
    this.listener = new GuardedListener(settings.listener());
    this.inbound =
        new Inbound(listener, settings.autoAckDelivered(), seqs::incrementAndGet, () -> user);
  }

  GatewayClient.State state() {
    return state;
  }

  Optional<UserId> user() {
    return user;
  }

  /** Starts a connection; fails at once while one is open or opening, or after close. */
  CompletableFuture<UserId> connect() {
    Link next;
    synchronized (this) {
      if (closing) {
        return CompletableFuture.failedFuture(new IllegalStateException("the client is closed"));
      }
      if (link != null && !link.isLost()) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("already connected or connecting"));
      }
      next = new Link(codec, events, this);
      link = next;
    }
    events.submit(() -> open(next));
    // A copy: the caller must not be able to complete the link's own future.
    return next.authenticated().copy();
  }

  /** Sends {@code payload} as a request on the authenticated link; see {@link Link#request}. */
  CompletableFuture<ServerPayload> request(ClientPayload payload, FrameType expected) {
    Link current = authenticatedLink();
    if (current == null) {
      return CompletableFuture.failedFuture(notConnected(payload));
    }
    return current.request(new ClientFrame(seqs.incrementAndGet(), payload), expected);
  }

  /** Sends {@code payload}, which gets no reply, on the authenticated link. */
  CompletableFuture<Void> write(ClientPayload payload) {
    Link current = authenticatedLink();
    if (current == null) {
      return CompletableFuture.failedFuture(notConnected(payload));
    }
    return current.write(new ClientFrame(seqs.incrementAndGet(), payload));
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

  @Override
  public void frameArrived(Link from, ServerFrame frame) {
    if (!from.isLost()) {
      inbound.handle(from, frame);
    }
  }

  /**
   * The one place a connection ends, whatever ended it: fails what waits on it, stops its
   * heartbeat, reports the close. The reconnect policy (issue 3) belongs here, driven by {@link
   * CloseAdvice#of(int)} unless the client is closing.
   */
  @Override
  public void linkLost(Link lost, int code, String reason) {
    boolean byClient;
    synchronized (this) {
      byClient = closing;
    }
    int reportedCode = byClient ? CloseAdvice.NORMAL_CLOSURE : code;
    String reportedReason = byClient ? CLOSED_BY_CLIENT : reason;
    if (!lost.markLost(reportedCode, reportedReason)) {
      return;
    }
    if (heartbeat != null) {
      heartbeat.stop();
      heartbeat = null;
    }
    user = Optional.empty();
    setState(GatewayClient.State.CLOSED);
    listener.onClosed(reportedCode, reportedReason);
  }

  @Override
  public void accepted(Link next, UserId accepted) {
    user = Optional.of(accepted);
    setState(GatewayClient.State.CONNECTED);
    heartbeat.startPinging();
    next.authenticated().complete(accepted);
  }

  @Override
  public void refused(Link next, Throwable cause) {
    if (cause instanceof GatewayErrorException refusal) {
      listener.onError(new ServerPayload.Error(refusal.code(), refusal.text()));
    }
    next.authenticated().completeExceptionally(cause);
  }

  private void open(Link next) {
    if (next.isLost()) {
      return;
    }
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
