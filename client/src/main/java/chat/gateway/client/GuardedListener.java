package chat.gateway.client;

import chat.gateway.domain.Message;
import chat.gateway.domain.protocol.ServerPayload;
import java.lang.System.Logger.Level;
import java.time.Duration;

/** The owner's listener, each call guarded: its bug is logged and must not derail the client. */
final class GuardedListener implements ClientListener {

  private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());

  private final ClientListener delegate;

  GuardedListener(ClientListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onMessage(Message message) {
    guard("onMessage", () -> delegate.onMessage(message));
  }

  @Override
  public void onReceipt(ServerPayload.ReceiptPush receipt) {
    guard("onReceipt", () -> delegate.onReceipt(receipt));
  }

  @Override
  public void onPresence(ServerPayload.PresencePush presence) {
    guard("onPresence", () -> delegate.onPresence(presence));
  }

  @Override
  public void onError(ServerPayload.Error error) {
    guard("onError", () -> delegate.onError(error));
  }

  @Override
  public void onStateChanged(GatewayClient.State state) {
    guard("onStateChanged", () -> delegate.onStateChanged(state));
  }

  @Override
  public void onClosed(int code, String reason) {
    guard("onClosed", () -> delegate.onClosed(code, reason));
  }

  @Override
  public void onReconnecting(int attempt, Duration delay) {
    guard("onReconnecting", () -> delegate.onReconnecting(attempt, delay));
  }

  private static void guard(String callback, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the client listener's " + callback + " failed", e);
    }
  }
}
