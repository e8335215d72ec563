package chat.gateway.bootstrap.e2e;

import chat.gateway.client.ClientListener;
import chat.gateway.client.GatewayClient;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event a {@link GatewayClient} reports, for tests to wait on and inspect. */
final class RecordingListener implements ClientListener {

  record Close(int code, String reason) {}

  record Reconnect(int attempt, Duration delay) {}

  final List<Message> messages = new CopyOnWriteArrayList<>();
  final List<ServerPayload.ReceiptPush> receipts = new CopyOnWriteArrayList<>();
  final List<ServerPayload.PresencePush> presence = new CopyOnWriteArrayList<>();
  final List<ServerPayload.Error> errors = new CopyOnWriteArrayList<>();
  final List<GatewayClient.State> states = new CopyOnWriteArrayList<>();
  final List<Close> closes = new CopyOnWriteArrayList<>();
  final List<Reconnect> reconnects = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(Message message) {
    messages.add(message);
  }

  @Override
  public void onReceipt(ServerPayload.ReceiptPush receipt) {
    receipts.add(receipt);
  }

  @Override
  public void onPresence(ServerPayload.PresencePush push) {
    presence.add(push);
  }

  @Override
  public void onError(ServerPayload.Error error) {
    errors.add(error);
  }

  @Override
  public void onStateChanged(GatewayClient.State state) {
    states.add(state);
  }

  @Override
  public void onClosed(int code, String reason) {
    closes.add(new Close(code, reason));
  }

  @Override
  public void onReconnecting(int attempt, Duration delay) {
    reconnects.add(new Reconnect(attempt, delay));
  }

  List<MessageId> messageIds() {
    return messages.stream().map(Message::id).toList();
  }
}
