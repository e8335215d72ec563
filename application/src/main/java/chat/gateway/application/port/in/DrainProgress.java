package chat.gateway.application.port.in;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a drain of this instance stands.
 *
 * @param startedAt when the drain started; empty before
 * @param connectionsAtStart sockets open (authenticated or not) when it started; 0 before
 * @param closed sockets the drain has closed so far with 1001 (a client that left on its own, or
 *     arrived late and was closed at once, is not counted)
 * @param remaining sockets open now, including those whose close is under way
 */
public record DrainProgress(
    State state, Optional<Instant> startedAt, int connectionsAtStart, int closed, int remaining) {

  /** The drain's stage. */
  public enum State {
    /** No drain was asked for: the instance takes connections. */
    NOT_DRAINING,
    /** Refusing new connections and closing the open ones a batch at a time. */
    DRAINING,
    /** No socket is open any more; the instance can be stopped. */
    DRAINED
  }

  public DrainProgress {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    if (connectionsAtStart < 0 || closed < 0 || remaining < 0) {
      throw new IllegalArgumentException("drain counts cannot be negative");
    }
    if ((state == State.NOT_DRAINING) == startedAt.isPresent()) {
      throw new IllegalArgumentException("a drain has a start time exactly when it started");
    }
  }
}
