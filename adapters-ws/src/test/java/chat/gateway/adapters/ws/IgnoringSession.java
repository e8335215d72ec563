package chat.gateway.adapters.ws;

import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.protocol.ClientFrame;

/** For the transport tests: a session that does nothing with what arrives. */
final class IgnoringSession implements SessionEvents {
  @Override
  public void frameArrived(ClientFrame frame) {}

  @Override
  public void frameRejected(ErrorCode code, long seq, String reason) {}

  @Override
  public void frameTooLarge() {}

  @Override
  public void transportClosed() {}
}
