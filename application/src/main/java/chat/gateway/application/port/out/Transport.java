package chat.gateway.application.port.out;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.protocol.ServerFrame;
import java.time.Duration;

/**
 * One client socket, as the application sees it. Methods are safe from many threads. The transport
 * owns the send queue, bounded in frames and in bytes (per connection, and in total across the
 * instance). A client is a slow consumer when its queue would pass its byte bound, stays past its
 * frame bound for the write timeout, or a write does not complete within it: the transport then
 * closes the socket and tells the session. A momentary full queue is not slowness, and nobody waits
 * for a recipient's queue: a push goes past the frame bound for a moment.
 */
public interface Transport {

  /**
   * Queues a frame without waiting, past the frame bound if need be (see above). A presence push
   * replaces one about the same user still waiting in the queue. Returns false when the socket is
   * closed or closing, or when this push made the client a slow consumer (the socket is then being
   * closed).
   */
  boolean send(ServerFrame frame);

  /**
   * Queues a frame if there is room now; false otherwise, and nothing else happens. For callers
   * that must not wait (an I/O thread).
   */
  boolean trySend(ServerFrame frame);

  /**
   * Blocks until the queue is less than half full, in frames and in bytes. Returns false when the
   * socket closed or {@code timeout} passed first.
   */
  boolean awaitBelowHalf(Duration timeout) throws InterruptedException;

  /**
   * Stops reading frames from the socket until {@link #resumeReading}: the client's sends then back
   * up in TCP. Called when the connection's requests wait faster than they are served.
   */
  void pauseReading();

  /** Reads frames again after {@link #pauseReading}. */
  void resumeReading();

  /**
   * Sends the close code of {@code reason} and closes the socket, within a bounded grace for the
   * client's answer; idempotent. The session learns the socket is gone from {@code
   * SessionEvents.transportClosed}.
   */
  void close(CloseReason reason);

  /** Where the client connects from, for logs and operators. */
  String remoteAddress();

  /**
   * The User-Agent the client sent with its upgrade request, at most {@link
   * SessionInfo#MAX_USER_AGENT} characters (the adapter cuts a longer one); empty when it sent
   * none.
   */
  String userAgent();
}
