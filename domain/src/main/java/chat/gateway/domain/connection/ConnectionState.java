package chat.gateway.domain.connection;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one connection is in its life (design document, section 4.1): Connecting → Authenticating →
 * Authenticated → Active → Closed, or Closed straight from any of them.
 */
public sealed interface ConnectionState {

  /** The user this connection belongs to, once the token is verified. */
  default Optional<UserId> user() {
    return Optional.empty();
  }

  default boolean isOpen() {
    return true;
  }

  /** The socket is open; the gateway waits for the Auth frame. */
  record Connecting(Instant openedAt) implements ConnectionState {
    public Connecting {
      Objects.requireNonNull(openedAt, "openedAt");
    }
  }

  /**
   * An Auth frame arrived and its token is being verified; the answer carries {@code authSeq}, the
   * Auth frame's seq.
   */
  record Authenticating(Instant openedAt, long authSeq, Optional<MessageId> resumePoint)
      implements ConnectionState {
    public Authenticating {
      Objects.requireNonNull(openedAt, "openedAt");
      Objects.requireNonNull(resumePoint, "resumePoint");
    }

    /** Without a resume point. */
    public Authenticating(Instant openedAt, long authSeq) {
      this(openedAt, authSeq, Optional.empty());
    }
  }

  /**
   * The token is valid; the connection is being registered for its user, and its Auth ({@code
   * authSeq}) is answered once that is done.
   */
  record Authenticated(
      UserId owner, Instant lastInboundAt, long authSeq, Optional<MessageId> resumePoint)
      implements ConnectionState {
    public Authenticated {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(lastInboundAt, "lastInboundAt");
      Objects.requireNonNull(resumePoint, "resumePoint");
    }

    /** Without a resume point. */
    public Authenticated(UserId owner, Instant lastInboundAt, long authSeq) {
      this(owner, lastInboundAt, authSeq, Optional.empty());
    }

    /** The same, with the last inbound frame at {@code at}. */
    Authenticated touched(Instant at) {
      return new Authenticated(owner, at, authSeq, resumePoint);
    }

    @Override
    public Optional<UserId> user() {
      return Optional.of(owner);
    }
  }

  /** Registered: requests are served and pushes reach it. */
  record Active(UserId owner, Instant lastInboundAt) implements ConnectionState {
    public Active {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(lastInboundAt, "lastInboundAt");
    }

    @Override
    public Optional<UserId> user() {
      return Optional.of(owner);
    }
  }

  /** Over; every further event is ignored. */
  record Closed(CloseReason reason) implements ConnectionState {
    public Closed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isOpen() {
      return false;
    }
  }
}
