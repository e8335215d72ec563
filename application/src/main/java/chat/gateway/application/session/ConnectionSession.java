package chat.gateway.application.session;

import chat.gateway.application.port.in.AuthOutcome;
import chat.gateway.application.port.in.AuthenticateCommand;
import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.application.port.out.LogContext;
import chat.gateway.application.port.out.PresenceChange;
import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.application.port.out.Transport;
import chat.gateway.application.registry.Connection;
import chat.gateway.application.service.Outages;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One connection: holds its state, feeds events to the domain state machine and carries out the
 * effects it returns. Every event runs on the connection's serial mailbox, so the fields below the
 * mailbox are only touched by one thread at a time.
 */
final class ConnectionSession implements Connection, SessionEvents {

  private static final System.Logger LOG = System.getLogger(ConnectionSession.class.getName());

  /** Requests waiting before the socket stops reading. */
  static final int MAILBOX_HIGH_WATER = 64;

  /** Bytes of waiting requests before the socket stops reading (twice this: frames refused). */
  static final int MAILBOX_HIGH_WATER_BYTES = 256 * 1024;

  /** What a decoded request is taken to hold beyond its variable fields. */
  private static final int REQUEST_OVERHEAD = 128;

  private final ConnectionId id;
  private final Transport transport;
  private final SessionServices services;
  private final RequestHandler requests;
  private final SerialMailbox mailbox;
  private final ReceiptAllowance receipts = new ReceiptAllowance();
  private volatile UserId user;

  /** Set once, when the token is accepted: the connected-since an operator sees is auth time. */
  private volatile SessionInfo session;

  /**
   * While the login snapshot is under way, the newest presence version sent of each user: the
   * snapshot is read while live changes already reach the connection, so one change may come both
   * ways, or a status read earlier could follow a newer one. Null before and after; its own lock.
   */
  private volatile Map<UserId, Long> presenceSent;

  /**
   * Pushes that came after the connection opened for live pushes and before its AuthRsp was queued,
   * which no push may precede; null otherwise. At most the send queue's capacity in frames; its own
   * lock.
   */
  private volatile List<ServerFrame> held;

  /** Where the login push's backlog ends, read before the AuthRsp; mailbox only. */
  private Optional<MessageId> backlogEnd;

  /** Why the backlog's end could not be read; mailbox only. */
  private RuntimeException backlogFailure;

  private ConnectionState state;
  private RateLimiter.Bucket bucket;
  private final TickTimer ticks;

  ConnectionSession(
      ConnectionId id, Transport transport, SessionServices services, RequestHandler requests) {
    this.id = id;
    this.transport = transport;
    this.services = services;
    this.requests = requests;
    this.mailbox =
        new SerialMailbox(
            tagged(services.executor()),
            MAILBOX_HIGH_WATER,
            MAILBOX_HIGH_WATER_BYTES,
            transport::pauseReading,
            transport::resumeReading);
    Instant now = services.clock().instant();
    this.state = services.machine().start(now);
    this.bucket = services.rateLimiter().initial(now);
    this.ticks =
        new TickTimer(services.timers(), services.clock(), () -> mailbox.submit(this::onTick));
  }

  /** Arms the auth timeout; called once the registry admitted the connection. */
  void start() {
    mailbox.submit(
        () -> {
          LOG.log(Level.DEBUG, "connection opened from {0}", transport.remoteAddress());
          scheduleTick();
        });
  }

  /** Runs this connection's work with its log lines tagged with its ids. */
  private Executor tagged(Executor executor) {
    return task -> executor.execute(tagged(task));
  }

  /** The task, with its log lines tagged with this connection's ids while it runs. */
  private Runnable tagged(Runnable task) {
    return () -> {
      LogContext.Scope scope = services.logs().context().tag(id, Optional.ofNullable(user));
      try {
        task.run();
      } finally {
        scope.close();
      }
    };
  }

  @Override
  public void frameArrived(ClientFrame frame) {
    ClientPayload payload = frame.payload();
    boolean here = servedHere(answersOnce(payload));
    // A request served here runs on the I/O thread, outside the tagging executor: tag it itself.
    Runnable task = here ? tagged(() -> onFrame(frame)) : () -> onFrame(frame);
    if (!mailbox.offerRequest(task, heldBytes(payload), here)) {
      refuseOverflow(frame.seq());
    }
  }

  @Override
  public void frameRejected(ErrorCode code, long seq, String reason) {
    boolean here = servedHere(true);
    Runnable task = () -> onRejectedFrame(code, seq, reason);
    if (!mailbox.offerRequest(
        here ? tagged(task) : task, REQUEST_OVERHEAD + 2L * reason.length(), here)) {
      refuseOverflow(seq);
    }
  }

  /**
   * Whether a request may be served on the thread that read it (the socket's I/O thread, which must
   * never wait): only when no port it uses waits, it answers with one frame at most, and the send
   * queue is below half full now, so that its answer need not wait for room either.
   */
  private boolean servedHere(boolean answersOnce) {
    if (!services.nonBlockingPorts() || !answersOnce) {
      return false;
    }
    try {
      return transport.awaitBelowHalf(Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Requests answered with one frame at most and without the token verifier (which may fetch keys):
   * the others (Auth, a sync page, a watch list's statuses) go to the executor.
   */
  private static boolean answersOnce(ClientPayload payload) {
    return switch (payload) {
      case ClientPayload.Chat chat -> true;
      case ClientPayload.Ack ack -> true;
      case ClientPayload.Ping ping -> true;
      case ClientPayload.Presence presence -> true;
      case ClientPayload.Auth auth -> false;
      case ClientPayload.SyncReq sync -> false;
      case ClientPayload.PresenceSub sub -> false;
    };
  }

  @Override
  public void frameTooLarge() {
    mailbox.submit(() -> apply(new ConnectionEvent.CloseRequested(CloseReason.FRAME_TOO_LARGE)));
  }

  @Override
  public void transportClosed() {
    // The registry follows the sockets at once, on the reporting thread, whatever becomes of this
    // session's queue: the slot is the socket's, given back when the socket is gone (so a drain
    // waits for the close frames to go out), and pushes stop looking for a connection that has no
    // socket. Presence follows in the queue, and converges from the registry should that fail.
    UserId owner = user;
    try {
      if (owner != null) {
        services.registry().unregister(owner, id);
      }
    } finally {
      services.registry().release(this);
    }
    mailbox.submit(
        () -> {
          LOG.log(Level.DEBUG, "socket closed");
          apply(new ConnectionEvent.PeerClosed());
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
  public SessionInfo session() {
    SessionInfo current = session;
    if (current == null) {
      throw new IllegalStateException("connection " + id + " is not authenticated");
    }
    return current;
  }

  @Override
  public boolean send(ServerFrame frame) {
    List<ServerFrame> waiting = held;
    if (waiting != null) {
      synchronized (waiting) {
        if (held == waiting) {
          if (waiting.size() >= services.limits().sendQueueCapacity()) {
            close(CloseReason.SLOW_CONSUMER);
            return false;
          }
          return waiting.add(frame);
        }
      }
    }
    receipts.sent(user, frame);
    return transport.send(frame);
  }

  @Override
  public boolean sendPaced(ServerFrame frame) {
    // Served on the reading thread, the request was taken with the queue below half full: its one
    // answer goes without waiting (frames pushed meanwhile may have filled the queue further).
    if (!mailbox.runsHere() && !awaitRoom()) {
      return false;
    }
    receipts.sent(user, frame);
    return transport.send(frame);
  }

  /**
   * Waits until the send queue is below half full; false when the connection closed, or when the
   * client did not drain within the write timeout (it is then closed as a slow consumer).
   */
  private boolean awaitRoom() {
    try {
      if (!transport.awaitBelowHalf(services.limits().writeTimeout())) {
        close(CloseReason.SLOW_CONSUMER);
        return false;
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean sendPresence(ServerFrame frame, UserId subject, long version) {
    Map<UserId, Long> sent = presenceSent;
    if (sent == null) {
      return send(frame);
    }
    synchronized (sent) {
      return newer(sent, subject, version) && send(frame);
    }
  }

  /**
   * Sends one status of the login snapshot, paced, unless the connection already has it or a newer
   * one live; false when the connection closed or did not drain in time.
   */
  boolean sendSnapshotPresence(PresenceChange change) {
    ServerFrame frame =
        ServerFrame.push(new ServerPayload.PresencePush(change.user(), change.status()));
    Map<UserId, Long> sent = presenceSent;
    if (sent == null) {
      return sendPaced(frame);
    }
    if (!awaitRoom()) {
      return false;
    }
    synchronized (sent) {
      return !newer(sent, change.user(), change.version()) || transport.send(frame);
    }
  }

  /** The login snapshot is sent: live presence needs no more ordering against it. */
  void snapshotSent() {
    presenceSent = null;
  }

  private static boolean newer(Map<UserId, Long> sent, UserId subject, long version) {
    Long before = sent.get(subject);
    if (before != null && before >= version) {
      return false;
    }
    sent.put(subject, version);
    return true;
  }

  @Override
  public void close(CloseReason reason) {
    mailbox.submit(() -> apply(new ConnectionEvent.CloseRequested(reason)));
  }

  /** A reply, from the mailbox: paced, so a pipelining client waits for its own reading. */
  private void reply(long seq, ServerPayload payload) {
    sendPaced(ServerFrame.reply(seq, payload));
  }

  /**
   * Runs on the I/O thread, which must not wait: the refusal is queued only if there is room now (a
   * client whose replies back up is not owed one more).
   */
  private void refuseOverflow(long seq) {
    services.metrics().rateLimited(GatewayMetrics.RateLimitAction.IN_FLIGHT);
    transport.trySend(
        ServerFrame.reply(
            seq,
            new ServerPayload.Error(
                ErrorCode.WS_RATE_LIMITED, "too many requests in flight; frame dropped")));
  }

  private void onFrame(ClientFrame frame) {
    // Acks of messages this connection was sent are free: receipts must not eat the rate limit
    // of the user's own requests (ReceiptAllowance). Beyond those, an Ack pays a token per message.
    int cost = 1;
    if (frame.payload() instanceof ClientPayload.Ack ack && state.isOpen()) {
      int ids = Math.max(1, ack.count());
      cost = ids - receipts.spendUpTo(ids);
    }
    if (cost == 0 || admit(frame.seq(), cost)) {
      apply(new ConnectionEvent.FrameArrived(frame));
    }
  }

  private void onRejectedFrame(ErrorCode code, long seq, String reason) {
    if (admit(seq, 1)) {
      apply(new ConnectionEvent.MalformedFrame(seq, code, reason));
    }
  }

  private boolean admit(long seq, int cost) {
    if (!state.isOpen()) {
      return false;
    }
    RateLimiter.Decision decision =
        services.rateLimiter().take(bucket, services.clock().instant(), cost);
    bucket = decision.next();
    return switch (decision.verdict()) {
      case ALLOW -> true;
      case REJECT -> {
        services.metrics().rateLimited(GatewayMetrics.RateLimitAction.DROPPED);
        reply(
            seq,
            new ServerPayload.Error(
                ErrorCode.WS_RATE_LIMITED, "rate limit exceeded; frame dropped"));
        yield false;
      }
      case ABUSE -> {
        services.metrics().rateLimited(GatewayMetrics.RateLimitAction.CLOSED);
        apply(new ConnectionEvent.CloseRequested(CloseReason.POLICY_VIOLATION));
        yield false;
      }
    };
  }

  private void apply(ConnectionEvent event) {
    Transition transition = services.machine().transition(state, event, services.clock().instant());
    state = transition.next();
    if (user == null && state.user().isPresent()) {
      user = state.user().get();
      // The rest of this task's lines carry the user too; the task's own scope removes the tags.
      services.logs().context().tag(id, Optional.of(user));
    }
    for (Effect effect : transition.effects()) {
      try {
        perform(effect);
      } catch (Throwable e) {
        // Each effect stands alone: a presence store that is down must not keep the socket open
        // or the registry holding a closed connection. An open connection whose session could not
        // be set up is closed, so the client reconnects to a whole one.
        if (services.logs().outages().failed(e)) {
          LOG.log(Level.DEBUG, "connection {0}: {1} failed: {2}", id, effect, e.toString());
        } else {
          LOG.log(Level.ERROR, "connection " + id + ": " + effect + " failed; carrying on", e);
        }
        if (state.isOpen()) {
          close(CloseReason.INTERNAL_ERROR);
        }
      }
    }
    if (state.isOpen()) {
      scheduleTick();
    } else {
      ticks.cancel();
    }
  }

  private void perform(Effect effect) {
    switch (effect) {
      case Effect.VerifyToken v -> apply(verify(v.token()));
      case Effect.Serve s -> requests.serve(this, s.seq(), s.request());
      case Effect.Reply r -> reply(r.seq(), new ServerPayload.Error(r.code(), r.message()));
      case Effect.Notify n ->
          transport.send(ServerFrame.push(new ServerPayload.Error(n.code(), n.message())));
      case Effect.AcceptAuth a -> {
        LOG.log(Level.DEBUG, "authenticated");
        open(a);
      }
      case Effect.RefuseAuth r ->
          reply(
              r.seq(), ServerPayload.AuthRsp.failed(ErrorCode.WS_AUTH_FAILED + ": " + r.reason()));
      case Effect.Register r -> {
        session =
            new SessionInfo(
                transport.remoteAddress(), transport.userAgent(), services.clock().millis());
        ConnectionEvent registration;
        try {
          services.membership().join(this);
          services.logs().outages().succeeded(Outages.Adapter.CLUSTER_STATE);
          registration = new ConnectionEvent.Registered();
        } catch (RuntimeException e) {
          LOG.log(
              services.logs().outages().failed(e) ? Level.DEBUG : Level.WARNING,
              "connection {0} of user {1} could not be registered; refusing it: {2}",
              id,
              r.user(),
              e.toString());
          registration = new ConnectionEvent.RegistrationFailed();
        }
        apply(registration);
      }
      case Effect.StartSession s -> {
        if (backlogFailure != null) {
          snapshotSent();
          services.loginPush().fail(this, backlogFailure);
        } else {
          // A client that gave a resume point syncs what follows it itself.
          Optional<MessageId> last =
              backlogEnd.map(
                  end -> s.resumePoint().filter(point -> point.compareTo(end) < 0).orElse(end));
          services.loginPush().start(this, last, () -> services.presence().snapshotFor(s.user()));
        }
      }
      case Effect.Unregister u -> services.membership().leave(u.user(), id);
      case Effect.CloseSocket c -> {
        CloseReason reason = c.reason();
        LOG.log(
            Level.DEBUG,
            "closing with {0} ({1})",
            Integer.toString(reason.code()),
            reason.description());
        SessionLogs.kindOf(reason)
            .ifPresent(
                kind ->
                    services
                        .logs()
                        .closes()
                        .record(kind, "connection " + id + " from " + transport.remoteAddress()));
        transport.close(reason);
      }
    }
  }

  /**
   * Opens the connection for live pushes, reads where its backlog ends, then sends the AuthRsp:
   * whatever the client does once it has the AuthRsp is stored after that end, so it comes live and
   * in order. Pushes that come in between wait for the AuthRsp, and a chat among them that the
   * backlog holds as well is left to the backlog, so it arrives once.
   */
  private void open(Effect.AcceptAuth accept) {
    List<ServerFrame> waiting = new ArrayList<>();
    held = waiting;
    if (services.presence().snapshotOnConnect()) {
      presenceSent = new HashMap<>();
    }
    services.membership().open(this);
    Optional<MessageId> end = Optional.empty();
    try {
      end = services.loginPush().backlogEnd();
    } catch (RuntimeException e) {
      backlogFailure = e;
    }
    backlogEnd = end;
    reply(accept.seq(), ServerPayload.AuthRsp.ok(accept.user()));
    synchronized (waiting) {
      for (ServerFrame frame : waiting) {
        // A chat left to the backlog earns its free Acks when the backlog sends it.
        if (!inBacklog(frame, end)) {
          receipts.sent(accept.user(), frame);
          transport.send(frame);
        }
      }
      held = null;
    }
  }

  private static boolean inBacklog(ServerFrame frame, Optional<MessageId> end) {
    return frame.payload() instanceof ServerPayload.ChatPush push
        && end.isPresent()
        && push.message().id().compareTo(end.get()) <= 0;
  }

  /** What the token verification makes of the Auth: never throws. */
  private ConnectionEvent verify(String token) {
    AuthOutcome outcome;
    try {
      outcome = services.authenticate().authenticate(new AuthenticateCommand(token));
    } catch (Throwable e) {
      // A verifier or directory that fails in any other way is unavailable too: the client is
      // told at once (4000) rather than left waiting for its auth timeout.
      if (services.logs().outages().failed(e)) {
        LOG.log(Level.DEBUG, "token verification failed: {0}", e.toString());
      } else {
        LOG.log(Level.ERROR, "token verification failed for connection " + id, e);
      }
      return new ConnectionEvent.VerifierUnavailable();
    }
    return switch (outcome) {
      case AuthOutcome.Accepted a -> {
        services.logs().outages().succeeded(Outages.Adapter.TOKEN_VERIFIER);
        yield new ConnectionEvent.TokenAccepted(a.user());
      }
      case AuthOutcome.Rejected r -> {
        services.logs().outages().succeeded(Outages.Adapter.TOKEN_VERIFIER);
        LOG.log(
            Level.DEBUG,
            "connection {0} from {1}: auth refused: {2}",
            id,
            transport.remoteAddress(),
            r.reason());
        services
            .logs()
            .authFailures()
            .record(r.reason(), "connection " + id + " from " + transport.remoteAddress());
        yield new ConnectionEvent.TokenRejected(r.reason());
      }
      case AuthOutcome.Unavailable u -> {
        if (!services.logs().outages().failed(u.cause())) {
          LOG.log(Level.WARNING, "token verification unavailable for connection " + id, u.cause());
        }
        yield new ConnectionEvent.VerifierUnavailable();
      }
    };
  }

  /** What a waiting request holds on the heap, roughly: its variable fields and a fixed part. */
  private static long heldBytes(ClientPayload payload) {
    return REQUEST_OVERHEAD
        + switch (payload) {
          case ClientPayload.Chat chat ->
              2L * chat.content().length() + 2L * chat.clientMsgId().map(String::length).orElse(0);
          case ClientPayload.Auth auth -> 2L * auth.token().length();
          case ClientPayload.PresenceSub sub -> 24L * sub.userIds().size();
          default -> 0L;
        };
  }

  private void scheduleTick() {
    ticks.armBy(services.machine().deadline(state));
  }

  private void onTick() {
    ticks.fired();
    apply(new ConnectionEvent.Tick());
  }
}
