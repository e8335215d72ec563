package chat.gateway.client;

import chat.gateway.domain.Message;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;

/**
 * What a {@link GatewayClient} tells its owner. Every callback runs on the client's one event
 * thread, in the order the frames arrived, interleaved with the completion of the client's futures;
 * so a callback must not block, and above all must not wait for one of this client's futures
 * (compose on it instead). An exception thrown by a callback is logged and ignored. Every method
 * does nothing by default.
 */
public interface ClientListener {

  /**
   * A chat message, to this user or sent by this user from another device, delivered once per
   * client however often the gateway pushes it. When it is to this user and auto-ack is on, the
   * client acks it {@code delivered} after this method returns.
   */
  default void onMessage(Message message) {}

  /**
   * The recipient of a message this user sent moved it to delivered or read; once per move. The
   * catch-up sync after a reconnect reports, this way, the moves missed meanwhile on the messages
   * it brings (those newer than the last message held); older ones are not re-read.
   */
  default void onReceipt(ServerPayload.ReceiptPush receipt) {}

  /** A user's presence, pushed on a change or answering {@link GatewayClient#watchPresence}. */
  default void onPresence(ServerPayload.PresencePush presence) {}

  /**
   * An error no future receives: one the gateway pushed (seq 0, e.g. before it closes the
   * connection), one answering a request that returns no reply ({@code markRead}, {@code
   * setPresence}, {@code watchPresence}, a ping), and a refused token, before {@link #onClosed}.
   */
  default void onError(ServerPayload.Error error) {}

  /** The client moved to {@code state}; called once per change. */
  default void onStateChanged(GatewayClient.State state) {}

  /**
   * A connection, or an attempt to open one, is gone: closed by the gateway (its code and reason),
   * broken or unreachable ({@value CloseAdvice#ABNORMAL_CLOSURE}, also when no frame arrived within
   * the pong timeout), or closed by {@link GatewayClient#close()} ({@value
   * CloseAdvice#NORMAL_CLOSURE}). {@link CloseAdvice#of(int)} says whether the client reconnects:
   * if so, {@link #onReconnecting} follows; if not, the state becomes {@code CLOSED} for good.
   */
  default void onClosed(int code, String reason) {}

  /**
   * The client waits {@code delay} before attempt number {@code attempt} (from 1, counting since
   * the last stable connection) to connect again.
   */
  default void onReconnecting(int attempt, Duration delay) {}
}
