package chat.gateway.client;

import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.lang.System.Logger.Level;

/**
 * What the client does with each frame from the gateway, on the event thread: replies complete
 * their requests, chat messages go to the {@link Inbox}, the other pushes to the listener.
 */
final class Inbound {

  private static final System.Logger LOG = System.getLogger(Inbound.class.getName());

  private final ClientListener listener;
  private final Inbox inbox;

  Inbound(ClientListener listener, Inbox inbox) {
    this.listener = listener;
    this.inbox = inbox;
  }

  void handle(Link link, ServerFrame frame) {
    long seq = frame.seq();
    switch (frame.payload()) {
      case ServerPayload.AuthRsp reply -> reply(link, seq, reply);
      case ServerPayload.ChatAck reply -> reply(link, seq, reply);
      case ServerPayload.SyncRsp reply -> reply(link, seq, reply);
      case ServerPayload.Pong pong -> {
        // Its arrival already fed the heartbeat's watchdog.
      }
      case ServerPayload.Error error -> {
        if (!link.pending().fail(seq, new GatewayErrorException(error.code(), error.message()))) {
          listener.onError(error);
        }
      }
      case ServerPayload.ChatPush push -> inbox.pushed(link, push.message());
      case ServerPayload.ReceiptPush receipt -> inbox.receipt(receipt);
      // Also a PresenceSub's answer, which carries its seq: the same news for the listener.
      case ServerPayload.PresencePush presence -> listener.onPresence(presence);
    }
  }

  private static void reply(Link link, long seq, ServerPayload reply) {
    if (!link.pending().complete(seq, reply)) {
      LOG.log(Level.DEBUG, "a {0} for seq {1}, which no request waits for", reply.type(), seq);
    }
  }
}
