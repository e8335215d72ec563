package chat.gateway.application.usecase;

import static org.awaitility.Awaitility.await;

import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;

/** One client connection: sends frames with increasing seqs and waits for what comes back. */
final class TestClient {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final RecordingTransport transport;
  private final SessionEvents session;
  private final AtomicLong seq = new AtomicLong();

  TestClient(RecordingTransport transport, SessionEvents session) {
    this.transport = transport;
    this.session = session;
  }

  /** Awaitility, polling often: most waits here end within milliseconds. */
  static ConditionFactory eventually() {
    return await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
  }

  /** Where the socket adapter would report what happens on the socket. */
  SessionEvents events() {
    return session;
  }

  RecordingTransport transport() {
    return transport;
  }

  /** Sends {@code payload} with the next seq; returns the seq. */
  long send(ClientPayload payload) {
    long next = seq.incrementAndGet();
    session.frameArrived(new ClientFrame(next, payload));
    return next;
  }

  long auth(UserId user) {
    return send(new ClientPayload.Auth("user:" + user.value()));
  }

  long chat(UserId to, String text) {
    return send(new ClientPayload.Chat(to.value(), "text", text, Optional.empty()));
  }

  long chat(UserId to, String text, String clientMsgId) {
    return send(new ClientPayload.Chat(to.value(), "text", text, Optional.of(clientMsgId)));
  }

  /**
   * Pings and waits for the pong: a connection handles its frames in order, so whatever the earlier
   * frames caused, pushes to other connections included, has happened.
   */
  void roundTrip() {
    awaitReply(send(new ClientPayload.Ping()), ServerPayload.Pong.class);
  }

  List<ServerFrame> frames() {
    return transport.frames();
  }

  /** The payloads of type {@code type}, replies and pushes, in arrival order. */
  <T extends ServerPayload> List<T> received(Class<T> type) {
    return frames().stream()
        .map(ServerFrame::payload)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /** The pushes (seq 0) of type {@code type}, in arrival order. */
  <T extends ServerPayload> List<T> pushes(Class<T> type) {
    return frames().stream()
        .filter(frame -> frame.seq() == 0)
        .map(ServerFrame::payload)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /** Waits for the frame answering {@code requestSeq} with a payload of {@code type}. */
  <T extends ServerPayload> T awaitReply(long requestSeq, Class<T> type) {
    ServerFrame frame = awaitFrame(f -> f.seq() == requestSeq && type.isInstance(f.payload()));
    return type.cast(frame.payload());
  }

  /** Waits for a push (seq 0) of {@code type} matching {@code filter}. */
  <T extends ServerPayload> T awaitPush(Class<T> type, Predicate<T> filter) {
    ServerFrame frame =
        awaitFrame(
            f ->
                f.seq() == 0
                    && type.isInstance(f.payload())
                    && filter.test(type.cast(f.payload())));
    return type.cast(frame.payload());
  }

  /** Waits until {@code count} pushes of {@code type} arrived; returns them all. */
  <T extends ServerPayload> List<T> awaitPushes(Class<T> type, int count) {
    eventually().until(() -> pushes(type).size() >= count);
    return pushes(type);
  }

  ServerFrame awaitFrame(Predicate<ServerFrame> filter) {
    return eventually()
        .until(() -> frames().stream().filter(filter).findFirst(), Optional::isPresent)
        .orElseThrow();
  }

  CloseReason awaitClose() {
    return eventually().until(transport::closeReason, Optional::isPresent).orElseThrow();
  }

  boolean isOpen() {
    return transport.closeReason().isEmpty();
  }

  /** The client closes its socket. */
  void disconnect() {
    transport.disconnect();
  }
}
