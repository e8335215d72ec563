package chat.gateway.application.port.in;

/**
 * An operator moves this instance's clients to the other instances before stopping it: from the
 * moment the drain starts the instance takes no new connection and reports itself not ready, then
 * closes its connections with 1001 (going away, reconnect) a batch at a time, so the others are not
 * hit by every client at once. Each close is a clean one: the frames already queued for the client
 * go first, then the close frame. The instance stays up once drained; the operator stops it. A
 * drain is not undone.
 */
public interface DrainUseCase {

  /**
   * Starts the drain, at most once: later calls change nothing. Returns at once with the progress;
   * the batches follow on the instance's timers.
   */
  DrainProgress start();

  /** Where the drain stands now; {@link DrainProgress.State#NOT_DRAINING} before {@link #start}. */
  DrainProgress progress();
}
