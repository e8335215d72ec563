package chat.gateway.client;

import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the client does with each frame from the gateway, on the event thread: replies complete
 * their requests, pushes go to the listener, chat messages once each and then acked.
 */
final class Inbound {

  private static final System.Logger LOG = System.getLogger(Inbound.class.getName());

  private final ClientListener listener;
  private final boolean autoAck;
  private final LongSupplier seqs;
  private final Supplier<Optional<UserId>> me;
  private final RecentMessageIds recent = new RecentMessageIds(RecentMessageIds.DEFAULT_CAPACITY);

  Inbound(
      ClientListener listener, boolean autoAck, LongSupplier seqs, Supplier<Optional<UserId>> me) {
    this.listener = listener;
    this.autoAck = autoAck;
    this.seqs = seqs;
    this.me = me;
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
      case ServerPayload.ChatPush push -> message(link, push.message());
      case ServerPayload.ReceiptPush receipt -> listener.onReceipt(receipt);
      // Also a PresenceSub's answer, which carries its seq: the same news for the listener.
      case ServerPayload.PresencePush presence -> listener.onPresence(presence);
    }
  }

  private static void reply(Link link, long seq, ServerPayload reply) {
    if (!link.pending().complete(seq, reply)) {
      LOG.log(Level.DEBUG, "a {0} for seq {1}, which no request waits for", reply.type(), seq);
    }
  }

  /**
   * Delivers a message the first time it arrives, then acks it when it is to this user and still
   * {@code sent}. A repeat is acked again but not delivered: the gateway repeats a push when no ack
   * reached it, so the first ack may have been lost with a connection. A user's own messages,
   * pushed from their other devices, are never acked: only the recipient may.
   */
  private void message(Link link, Message message) {
    if (recent.firstSighting(message.id())) {
      listener.onMessage(message);
    }
    boolean toMe = me.get().map(user -> user.equals(message.to())).orElse(false);
    if (autoAck && toMe && message.status() == DeliveryStatus.SENT) {
      ClientPayload ack =
          new ClientPayload.Ack(message.id().value(), DeliveryStatus.DELIVERED.wireName());
      // A failed write loses the link, and the gateway pushes the message again next time.
      link.write(new ClientFrame(seqs.getAsLong(), ack));
    }
  }
}
