package chat.gateway.adapters.ws;

import chat.gateway.application.port.in.ConnectUseCase;
import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.Limits;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/** Turns each upgraded socket into a transport and a session. */
final class WsEndpoint implements WebSocketConnectionCallback {

  private static final Logger LOG = LoggerFactory.getLogger(WsEndpoint.class);

  private final ConnectUseCase connect;
  private final FrameCodec codec;
  private final Limits limits;
  private final Duration closeGrace;

  WsEndpoint(ConnectUseCase connect, FrameCodec codec, Limits limits, Duration closeGrace) {
    this.connect = connect;
    this.codec = codec;
    this.limits = limits;
    this.closeGrace = closeGrace;
  }

  @Override
  public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
    WsTransport transport =
        new WsTransport(
            channel, codec, limits.sendQueueCapacity(), limits.writeTimeout(), closeGrace);
    Optional<SessionEvents> session = connect.open(transport);
    if (session.isEmpty()) {
      LOG.warn(
          "refusing connection from {}: {} connections open (the limit)",
          channel.getSourceAddress(),
          limits.maxTotalConnections());
      CloseReason full = CloseReason.SERVER_FULL;
      WebSockets.sendClose(new CloseMessage(full.code(), full.description()), channel, null);
      // Read the client's answering close; cut the socket if none comes within the grace.
      channel.resumeReceives();
      try {
        channel
            .getIoThread()
            .executeAfter(
                () -> IoUtils.safeClose(channel), closeGrace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopping) {
        IoUtils.safeClose(channel);
      }
      return;
    }
    SessionEvents events = session.get();
    channel.getCloseSetter().set(closed -> events.transportClosed());
    if (!channel.isOpen()) {
      // Closed before the listener was set: it will never fire.
      events.transportClosed();
      return;
    }
    channel.getReceiveSetter().set(new FrameReceiver(events, codec, limits.maxFrameBytes()));
    channel.resumeReceives();
  }
}
