package chat.gateway.domain.connection;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import chat.gateway.domain.connection.ConnectionEvent.CloseRequested;
import chat.gateway.domain.connection.ConnectionEvent.FrameArrived;
import chat.gateway.domain.connection.ConnectionEvent.MalformedFrame;
import chat.gateway.domain.connection.ConnectionEvent.PeerClosed;
import chat.gateway.domain.connection.ConnectionEvent.Registered;
import chat.gateway.domain.connection.ConnectionEvent.RegistrationFailed;
import chat.gateway.domain.connection.ConnectionEvent.Tick;
import chat.gateway.domain.connection.ConnectionEvent.TokenAccepted;
import chat.gateway.domain.connection.ConnectionEvent.TokenRejected;
import chat.gateway.domain.connection.ConnectionEvent.VerifierUnavailable;
import chat.gateway.domain.connection.ConnectionState.Active;
import chat.gateway.domain.connection.ConnectionState.Authenticated;
import chat.gateway.domain.connection.ConnectionState.Authenticating;
import chat.gateway.domain.connection.ConnectionState.Closed;
import chat.gateway.domain.connection.ConnectionState.Connecting;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The connection lifecycle as a pure function: {@code transition(state, event, now)} returns the
 * next state and the effects to carry out. Time only enters through {@code now}; deadlines (auth
 * timeout before authentication, read timeout after) are checked on {@link Tick}.
 */
public final class ConnectionStateMachine {

  private final Duration authTimeout;
  private final Duration readTimeout;

  public ConnectionStateMachine(Duration authTimeout, Duration readTimeout) {
    this.authTimeout = Objects.requireNonNull(authTimeout, "authTimeout");
    this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
  }

  /** The state of a socket that has just opened. */
  public ConnectionState start(Instant now) {
    return new Connecting(now);
  }

  /** When a {@link Tick} would close the connection, if nothing else happens before. */
  public Optional<Instant> deadline(ConnectionState state) {
    return switch (state) {
      case Connecting c -> Optional.of(c.openedAt().plus(authTimeout));
      case Authenticating a -> Optional.of(a.openedAt().plus(authTimeout));
      case Authenticated a -> Optional.of(a.lastInboundAt().plus(readTimeout));
      case Active a -> Optional.of(a.lastInboundAt().plus(readTimeout));
      case Closed c -> Optional.empty();
    };
  }

  public Transition transition(ConnectionState state, ConnectionEvent event, Instant now) {
    Objects.requireNonNull(now, "now");
    return switch (state) {
      case Connecting c -> fromConnecting(c, event, now);
      case Authenticating a -> fromAuthenticating(a, event, now);
      case Authenticated a -> fromAuthenticated(a, event, now);
      case Active a -> fromActive(a, event, now);
      case Closed c -> Transition.to(c);
    };
  }

  private Transition fromConnecting(Connecting state, ConnectionEvent event, Instant now) {
    return switch (event) {
      case FrameArrived(ClientFrame(long seq, ClientPayload.Auth auth)) ->
          Transition.to(
              new Authenticating(state.openedAt(), seq, auth.resumePoint()),
              new Effect.VerifyToken(auth.token()));
      case FrameArrived f ->
          Transition.to(
              state,
              new Effect.Reply(
                  f.frame().seq(),
                  ErrorCode.WS_NOT_AUTHENTICATED,
                  "the first frame must be Auth (type 1)"));
      case MalformedFrame m -> Transition.to(state, reply(m));
      case Tick t -> expireAuth(state, state.openedAt(), now);
      case CloseRequested r -> close(Optional.empty(), r.reason());
      case PeerClosed p -> Transition.to(new Closed(CloseReason.PEER_CLOSED));
      case TokenAccepted t -> Transition.to(state);
      case TokenRejected t -> Transition.to(state);
      case VerifierUnavailable v -> Transition.to(state);
      case Registered r -> Transition.to(state);
      case RegistrationFailed r -> Transition.to(state);
    };
  }

  private Transition fromAuthenticating(Authenticating state, ConnectionEvent event, Instant now) {
    return switch (event) {
      case TokenAccepted t ->
          Transition.to(
              new Authenticated(t.user(), now, state.authSeq(), state.resumePoint()),
              new Effect.Register(t.user()));
      case TokenRejected t ->
          Transition.to(
              new Closed(CloseReason.AUTH_FAILED),
              new Effect.RefuseAuth(state.authSeq(), t.reason()),
              new Effect.CloseSocket(CloseReason.AUTH_FAILED));
      case VerifierUnavailable v ->
          Transition.to(
              new Closed(CloseReason.INTERNAL_ERROR),
              new Effect.Reply(
                  state.authSeq(),
                  ErrorCode.WS_INTERNAL_ERROR,
                  "authentication is unavailable; retry later"),
              new Effect.CloseSocket(CloseReason.INTERNAL_ERROR));
      case FrameArrived f ->
          Transition.to(
              state,
              new Effect.Reply(
                  f.frame().seq(), ErrorCode.WS_NOT_AUTHENTICATED, "authentication in progress"));
      case MalformedFrame m -> Transition.to(state, reply(m));
      case Tick t -> expireAuth(state, state.openedAt(), now);
      case CloseRequested r -> close(Optional.empty(), r.reason());
      case PeerClosed p -> Transition.to(new Closed(CloseReason.PEER_CLOSED));
      case Registered r -> Transition.to(state);
      case RegistrationFailed r -> Transition.to(state);
    };
  }

  private Transition fromAuthenticated(Authenticated state, ConnectionEvent event, Instant now) {
    return switch (event) {
      case Registered r ->
          Transition.to(
              new Active(state.owner(), state.lastInboundAt()),
              new Effect.AcceptAuth(state.authSeq(), state.owner()),
              new Effect.StartSession(state.owner(), state.resumePoint()));
      case RegistrationFailed r ->
          Transition.to(
              new Closed(CloseReason.INTERNAL_ERROR),
              new Effect.Reply(
                  state.authSeq(),
                  ErrorCode.WS_INTERNAL_ERROR,
                  "the gateway cannot register connections now; retry later"),
              new Effect.CloseSocket(CloseReason.INTERNAL_ERROR),
              new Effect.Unregister(state.owner()));
      case FrameArrived f ->
          Transition.to(
              state.touched(now),
              new Effect.Reply(
                  f.frame().seq(), ErrorCode.WS_NOT_AUTHENTICATED, "registration in progress"));
      case MalformedFrame m -> Transition.to(state.touched(now), reply(m));
      case Tick t -> expireRead(state, state.owner(), state.lastInboundAt(), now);
      case CloseRequested r -> close(Optional.of(state.owner()), r.reason());
      case PeerClosed p -> peerClosed(state.owner());
      case TokenAccepted t -> Transition.to(state);
      case TokenRejected t -> Transition.to(state);
      case VerifierUnavailable v -> Transition.to(state);
    };
  }

  private Transition fromActive(Active state, ConnectionEvent event, Instant now) {
    Active touched = new Active(state.owner(), now);
    return switch (event) {
      // The one place that answers a second Auth: the session never sees one.
      case FrameArrived(ClientFrame(long seq, ClientPayload.Auth auth)) ->
          Transition.to(
              touched,
              new Effect.Reply(seq, ErrorCode.WS_INVALID_MESSAGE, "already authenticated"));
      case FrameArrived(ClientFrame(long seq, ClientPayload.SessionRequest request)) ->
          Transition.to(touched, new Effect.Serve(seq, request));
      case MalformedFrame m -> Transition.to(touched, reply(m));
      case Tick t -> expireRead(state, state.owner(), state.lastInboundAt(), now);
      case CloseRequested r -> close(Optional.of(state.owner()), r.reason());
      case PeerClosed p -> peerClosed(state.owner());
      case TokenAccepted t -> Transition.to(state);
      case TokenRejected t -> Transition.to(state);
      case VerifierUnavailable v -> Transition.to(state);
      case Registered r -> Transition.to(state);
      case RegistrationFailed r -> Transition.to(state);
    };
  }

  private static Effect reply(MalformedFrame malformed) {
    return new Effect.Reply(malformed.seq(), malformed.code(), malformed.reason());
  }

  private Transition expireAuth(ConnectionState state, Instant openedAt, Instant now) {
    if (now.isBefore(openedAt.plus(authTimeout))) {
      return Transition.to(state);
    }
    return close(Optional.empty(), CloseReason.AUTH_TIMEOUT);
  }

  private Transition expireRead(
      ConnectionState state, UserId owner, Instant lastInboundAt, Instant now) {
    if (now.isBefore(lastInboundAt.plus(readTimeout))) {
      return Transition.to(state);
    }
    return close(Optional.of(owner), CloseReason.READ_TIMEOUT);
  }

  private static Transition peerClosed(UserId owner) {
    return Transition.to(new Closed(CloseReason.PEER_CLOSED), new Effect.Unregister(owner));
  }

  private static Transition close(Optional<UserId> owner, CloseReason reason) {
    List<Effect> effects = new ArrayList<>(3);
    farewell(reason).ifPresent(effects::add);
    // The socket first: whatever the bookkeeping after it meets, the client is let go.
    if (reason != CloseReason.PEER_CLOSED) {
      effects.add(new Effect.CloseSocket(reason));
    }
    owner.ifPresent(user -> effects.add(new Effect.Unregister(user)));
    return new Transition(new Closed(reason), effects);
  }

  /** The Error a client gets before the close, where the close code alone says too little. */
  private static Optional<Effect> farewell(CloseReason reason) {
    return switch (reason) {
      case REPLACED ->
          Optional.of(
              new Effect.Notify(
                  ErrorCode.WS_NOT_AUTHENTICATED,
                  "replaced by a newer connection of the same user"));
      case KICKED ->
          Optional.of(
              new Effect.Notify(ErrorCode.WS_NOT_AUTHENTICATED, "disconnected by an operator"));
      case FRAME_TOO_LARGE ->
          Optional.of(
              new Effect.Notify(ErrorCode.WS_INVALID_MESSAGE, "frame exceeds the size limit"));
      case POLICY_VIOLATION ->
          Optional.of(
              new Effect.Notify(ErrorCode.WS_RATE_LIMITED, "rate limit exceeded persistently"));
      case INTERNAL_ERROR ->
          Optional.of(new Effect.Notify(ErrorCode.WS_INTERNAL_ERROR, "internal error"));
      case PEER_CLOSED,
          GOING_AWAY,
          READ_TIMEOUT,
          SLOW_CONSUMER,
          AUTH_TIMEOUT,
          SERVER_FULL,
          AUTH_FAILED ->
          Optional.empty();
    };
  }
}
