package chat.gateway.application.usecase;

import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.protocol.FrameType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Metrics that remember each event as a line, e.g. {@code authRejected token expired}. */
final class RecordingMetrics implements GatewayMetrics {

  private final List<String> events = new CopyOnWriteArrayList<>();

  /** How many events equal to {@code event} were reported. */
  long count(String event) {
    return events.stream().filter(event::equals).count();
  }

  List<String> events() {
    return List.copyOf(events);
  }

  @Override
  public void connectionOpened() {
    events.add("connectionOpened");
  }

  @Override
  public void connectionClosed(int code) {
    events.add("connectionClosed " + code);
  }

  @Override
  public void authAccepted() {
    events.add("authAccepted");
  }

  @Override
  public void authRejected(String reason) {
    events.add("authRejected " + reason);
  }

  @Override
  public void authUnavailable() {
    events.add("authUnavailable");
  }

  @Override
  public void frameReceived(FrameType type, int bytes) {
    events.add("frameReceived " + type);
  }

  @Override
  public void frameRefused(int bytes) {
    events.add("frameRefused");
  }

  @Override
  public void frameSent(FrameType type, int bytes) {
    events.add("frameSent " + type);
  }

  @Override
  public void slowConsumerClosed() {
    events.add("slowConsumerClosed");
  }

  @Override
  public void rateLimited(RateLimitAction action) {
    events.add("rateLimited " + action);
  }

  @Override
  public void messageStored() {
    events.add("messageStored");
  }

  @Override
  public void messagesPushed(PushPath path, int count) {
    for (int i = 0; i < count; i++) {
      events.add("messagePushed " + path);
    }
  }

  @Override
  public void chatPushDelay(long nanos) {
    events.add("chatPushDelay");
  }

  @Override
  public void messageAcknowledged(DeliveryStatus status) {
    events.add("messageAcknowledged " + status);
  }

  @Override
  public void loginPushPage() {
    events.add("loginPushPage");
  }

  @Override
  public void syncPage() {
    events.add("syncPage");
  }

  @Override
  public void call(Backend backend, String operation, long nanos, boolean failed) {
    events.add("call " + backend + " " + operation + (failed ? " failed" : ""));
  }
}
