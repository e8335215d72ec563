package chat.gateway.application.port.in;

import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.protocol.ClientFrame;

/**
 * What a socket adapter reports about one connection. Every method returns at once (the work runs
 * on the session's own serial queue, in the order reported), so it may be called from an I/O
 * thread.
 */
public interface SessionEvents {

  /** A frame decoded into a request. */
  void frameArrived(ClientFrame frame);

  /** A frame that is not a valid request; {@code seq} is 0 when it could not be read. */
  void frameRejected(ErrorCode code, long seq, String reason);

  /** A frame larger than the limit: the connection is closed. */
  void frameTooLarge();

  /**
   * The socket closed or broke, whoever closed it. Must be reported exactly once per socket, also
   * after the gateway itself closed it: only then is its connection slot given back.
   */
  void transportClosed();
}
