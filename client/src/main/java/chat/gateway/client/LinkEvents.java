package chat.gateway.client;

import chat.gateway.domain.protocol.ServerFrame;

/** What a {@link Link} reports; both run on the client's event thread. */
interface LinkEvents {

  /** A decoded frame from the gateway, in arrival order. */
  void frameArrived(Link link, ServerFrame frame);

  /**
   * The link is gone: the gateway's close, a broken socket, a failed write, a silent gateway, or
   * the client's own close. May be reported more than once for a link; only the first counts.
   */
  void linkLost(Link link, int code, String reason);
}
