package chat.gateway.application.port.out;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.protocol.ServerFrame;
import java.time.Duration;

/**
 * One client socket, as the application sees it. Methods are safe from many threads. The transport
 * owns the send queue, bounded in frames and in bytes (per connection, and in total across the
 * instance). A client is a slow consumer when room in its queue does not come within the write
 * timeout, or a write does not complete within it: the transport then closes the socket and tells
 * the session. A momentary full queue is not slowness: the sender waits.
 */
public interface Transport {

  /**
   * Queues a frame, waiting up to the write timeout for room when the queue is full. A presence
   * push replaces one about the same user still waiting in the queue. Returns false when the socket
   * is closed or closing, or room did not come in time (the socket is then being closed as a slow
   * consumer). May block: never call it from an I/O thread.
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

  /** Where the client connects from, for logs. */
  String remoteAddress();
}
