package chat.gateway.application.port.out;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.protocol.ServerFrame;
import java.time.Duration;

/**
 * One client socket, as the application sees it. Methods are safe from many threads. The transport
 * owns the bounded send queue: when a frame finds the queue full, or a write does not complete
 * within the write timeout, the transport closes the socket as a slow consumer and tells the
 * session.
 */
public interface Transport {

  /**
   * Queues a frame for writing without blocking. Returns false when the socket is closed or the
   * queue was full (the socket is then being closed as a slow consumer).
   */
  boolean send(ServerFrame frame);

  /**
   * Blocks until fewer than {@code threshold} frames wait in the queue. Returns false when the
   * socket closed or {@code timeout} passed first.
   */
  boolean awaitQueueBelow(int threshold, Duration timeout) throws InterruptedException;

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
