package chat.gateway.application.registry;

import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerFrame;

/** A connection, as the registry and the services see it: never a socket. */
public interface Connection {

  ConnectionId id();

  /**
   * The user the connection authenticated as.
   *
   * @throws IllegalStateException before authentication
   */
  UserId user();

  /**
   * What an operator sees of the connection: its client's address and user agent, and when it
   * authenticated.
   *
   * @throws IllegalStateException before authentication
   */
  SessionInfo session();

  /**
   * Queues a frame for the client without blocking; false when it could not be queued (closed, or
   * closing as a slow consumer).
   */
  boolean send(ServerFrame frame);

  /**
   * Queues a frame once the send queue is below half full, waiting up to the write timeout: for
   * answers of many frames (a presence snapshot, a long watch list) and the login push, which must
   * neither overflow the queue nor crowd out live pushes. Blocks, so only for work that may wait.
   * Returns false when the connection closed, or when the client did not drain in time (the
   * connection is then closed as a slow consumer).
   */
  boolean sendPaced(ServerFrame frame);

  /**
   * Queues a live presence push of {@code subject}'s change numbered {@code version}, as {@link
   * #send}; false also when this connection was already sent that user's status at this version or
   * a newer one (its login snapshot, read while live changes already arrive, may hold it).
   */
  default boolean sendPresence(ServerFrame frame, UserId subject, long version) {
    return send(frame);
  }

  /** Ends the connection for {@code reason}, telling the client why; idempotent, asynchronous. */
  void close(CloseReason reason);
}
