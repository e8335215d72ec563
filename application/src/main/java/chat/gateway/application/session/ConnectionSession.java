package chat.gateway.application.session;

import chat.gateway.application.port.in.Requester;
import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.application.port.out.TokenVerifierUnavailableException;
import chat.gateway.application.port.out.Transport;
import chat.gateway.application.registry.Connection;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import chat.gateway.domain.connection.ConnectionEvent;
import chat.gateway.domain.connection.ConnectionState;
import chat.gateway.domain.connection.Effect;
import chat.gateway.domain.connection.Transition;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.domain.ratelimit.RateLimiter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection: holds its state, feeds events to the domain state machine and carries out the
 * effects it returns. Every event runs on the connection's serial mailbox, so the fields below the
 * mailbox are only touched by one thread at a time.
 */
final class ConnectionSession implements Connection, SessionEvents {

  private static final System.Logger LOG = System.getLogger(ConnectionSession.class.getName());

  /** Requests waiting before the socket stops reading. */
  private static final int MAILBOX_HIGH_WATER = 64;

  private final ConnectionId id;
  private final Transport transport;
  private final SessionServices services;
  private final SerialMailbox mailbox;
  private final int paceBelow;
  private volatile UserId user;

  private ConnectionState state;
  private RateLimiter.Bucket bucket;
  private ClientFrame currentFrame;
  private ScheduledFuture<?> tick;
  private Instant tickAt;
  private boolean finished;

  ConnectionSession(ConnectionId id, Transport transport, SessionServices services) {
    this.id = id;
    this.transport = transport;
    this.services = services;
    this.mailbox =
        new SerialMailbox(
            services.executor(),
            MAILBOX_HIGH_WATER,
            transport::pauseReading,
            transport::resumeReading);
    this.paceBelow = Math.max(1, services.limits().sendQueueCapacity() / 2);
    Instant now = services.clock().instant();
    this.state = services.machine().start(now);
    this.bucket = services.rateLimiter().initial(now);
  }

  /** Arms the auth timeout; called once the registry admitted the connection. */
  void start() {
    mailbox.submit(this::scheduleTick);
  }

  @Override
  public void frameArrived(ClientFrame frame) {
    if (!mailbox.offerRequest(() -> onFrame(frame))) {
      refuseOverflow(frame.seq());
    }
  }

  @Override
  public void frameRejected(ErrorCode code, long seq, String reason) {
    if (!mailbox.offerRequest(() -> onRejectedFrame(code, seq, reason))) {
      refuseOverflow(seq);
    }
  }

  @Override
  public void frameTooLarge() {
    mailbox.submit(() -> apply(new ConnectionEvent.CloseRequested(CloseReason.FRAME_TOO_LARGE), 0));
  }

  @Override
  public void transportClosed() {
    mailbox.submit(
        () -> {
          apply(new ConnectionEvent.PeerClosed(), 0);
          // The slot is the socket's: it is given back when the socket is gone, not when the
          // gateway decided to close it, so a drain waits for the close frames to go out.
          services.registry().release(this);
        });
  }

  @Override
  public ConnectionId id() {
    return id;
  }

  @Override
  public UserId user() {
    UserId current = user;
    if (current == null) {
      throw new IllegalStateException("connection " + id + " is not authenticated");
    }
    return current;
  }

  @Override
  public boolean send(ServerFrame frame) {
    return transport.send(frame);
  }

  @Override
  public boolean sendPaced(ServerFrame frame) {
    try {
      if (!transport.awaitQueueBelow(paceBelow, services.limits().writeTimeout())) {
        close(CloseReason.SLOW_CONSUMER);
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return transport.send(frame);
  }

  @Override
  public void close(CloseReason reason) {
    mailbox.submit(() -> apply(new ConnectionEvent.CloseRequested(reason), 0));
  }

  /** A reply, from the mailbox: paced, so a pipelining client waits for its own reading. */
  private void reply(long seq, ServerPayload payload) {
    sendPaced(ServerFrame.reply(seq, payload));
  }

  /** Runs on the I/O thread, which must not wait: the refusal is queued without pacing. */
  private void refuseOverflow(long seq) {
    transport.send(
        ServerFrame.reply(
            seq,
            new ServerPayload.Error(
                ErrorCode.WS_RATE_LIMITED, "too many requests in flight; frame dropped")));
  }

  private void onFrame(ClientFrame frame) {
    if (admit(frame.seq())) {
      currentFrame = frame;
      apply(new ConnectionEvent.FrameArrived(frame.type()), frame.seq());
      currentFrame = null;
    }
  }

  private void onRejectedFrame(ErrorCode code, long seq, String reason) {
    if (admit(seq)) {
      apply(new ConnectionEvent.MalformedFrame(code, reason), seq);
    }
  }

  private boolean admit(long seq) {
    if (!state.isOpen()) {
      return false;
    }
    RateLimiter.Decision decision = services.rateLimiter().take(bucket, services.clock().instant());
    bucket = decision.next();
    return switch (decision.verdict()) {
      case ALLOW -> true;
      case REJECT -> {
        reply(
            seq,
            new ServerPayload.Error(
                ErrorCode.WS_RATE_LIMITED, "rate limit exceeded; frame dropped"));
        yield false;
      }
      case ABUSE -> {
        apply(new ConnectionEvent.CloseRequested(CloseReason.POLICY_VIOLATION), seq);
        yield false;
      }
    };
  }

  private void apply(ConnectionEvent event, long seq) {
    Transition transition = services.machine().transition(state, event, services.clock().instant());
    state = transition.next();
    state.user().ifPresent(owner -> user = owner);
    for (Effect effect : transition.effects()) {
      perform(effect, seq);
    }
    if (state.isOpen()) {
      scheduleTick();
    } else {
      finish();
    }
  }

  private void perform(Effect effect, long seq) {
    switch (effect) {
      case Effect.VerifyToken v -> verify(seq);
      case Effect.Serve s -> serve(new Requester(this, seq), currentFrame.payload());
      case Effect.Reply r -> reply(seq, new ServerPayload.Error(r.code(), r.message()));
      case Effect.Notify n ->
          transport.send(ServerFrame.push(new ServerPayload.Error(n.code(), n.message())));
      case Effect.AcceptAuth a -> reply(seq, ServerPayload.AuthRsp.ok(a.user()));
      case Effect.RefuseAuth r ->
          reply(seq, ServerPayload.AuthRsp.failed(ErrorCode.WS_AUTH_FAILED + ": " + r.reason()));
      case Effect.Register r -> {
        services
            .registry()
            .register(this)
            .evicted()
            .ifPresent(old -> old.close(CloseReason.REPLACED));
        apply(new ConnectionEvent.Registered(), seq);
      }
      case Effect.StartSession s ->
          services.loginPush().start(this, services.presence().connected(this));
      case Effect.Unregister u -> {
        services.registry().unregister(u.user(), id);
        services.presence().disconnected(u.user(), id);
      }
      case Effect.CloseSocket c -> transport.close(c.reason());
    }
  }

  private void verify(long seq) {
    String token = ((ClientPayload.Auth) currentFrame.payload()).token();
    TokenVerification verification;
    try {
      verification = services.authenticate().authenticate(token);
    } catch (TokenVerifierUnavailableException e) {
      LOG.log(Level.WARNING, "token verification unavailable for connection " + id, e);
      apply(new ConnectionEvent.VerifierUnavailable(), seq);
      return;
    }
    switch (verification) {
      case TokenVerification.Verified v -> apply(new ConnectionEvent.TokenAccepted(v.user()), seq);
      case TokenVerification.Rejected r -> {
        LOG.log(
            Level.DEBUG,
            "connection {0} from {1}: auth refused: {2}",
            id,
            transport.remoteAddress(),
            r.reason());
        apply(new ConnectionEvent.TokenRejected(r.reason()), seq);
      }
    }
  }

  private void serve(Requester requester, ClientPayload payload) {
    try {
      switch (payload) {
        case ClientPayload.Chat chat -> services.chat().send(requester, chat);
        case ClientPayload.Ack ack -> services.acknowledge().acknowledge(requester, ack);
        case ClientPayload.SyncReq sync -> services.sync().sync(requester, sync);
        case ClientPayload.Presence presence -> services.presence().choose(requester, presence);
        case ClientPayload.PresenceSub sub -> services.presence().subscribe(requester, sub);
        case ClientPayload.Ping ping -> requester.reply(new ServerPayload.Pong());
        case ClientPayload.Auth auth ->
            requester.fail(ErrorCode.WS_INVALID_MESSAGE, "already authenticated");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "request " + payload.type() + " on connection " + id + " failed", e);
      requester.fail(
          ErrorCode.WS_INTERNAL_ERROR, "the gateway could not complete the request; retry later");
    }
  }

  private void scheduleTick() {
    Optional<Instant> deadline = services.machine().deadline(state);
    if (deadline.isEmpty() || (tick != null && !tickAt.isAfter(deadline.get()))) {
      return;
    }
    if (tick != null) {
      tick.cancel(false);
    }
    long delayMillis =
        Math.max(0, Duration.between(services.clock().instant(), deadline.get()).toMillis()) + 1;
    tickAt = deadline.get();
    tick =
        services
            .timers()
            .schedule(() -> mailbox.submit(this::onTick), delayMillis, TimeUnit.MILLISECONDS);
  }

  private void onTick() {
    tick = null;
    apply(new ConnectionEvent.Tick(), 0);
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (tick != null) {
      tick.cancel(false);
      tick = null;
    }
  }
}
