package chat.gateway.adapters.ws;

import chat.gateway.application.port.in.ConnectUseCase;
import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.Limits;
import io.undertow.util.Headers;
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
  private final SendBudget budget;
  private final GatewayMetrics metrics;

  WsEndpoint(
      ConnectUseCase connect,
      FrameCodec codec,
      Limits limits,
      Duration closeGrace,
      GatewayMetrics metrics) {
    this.connect = connect;
    this.metrics = metrics;
    this.codec = codec;
    this.limits = limits;
    this.closeGrace = closeGrace;
    this.budget = new SendBudget(limits.sendBufferTotalBytes());
  }

  /** Bytes queued for writing across every connection, for tests and diagnostics. */
  long queuedBytes() {
    return budget.used();
  }

  @Override
  public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
    // The handshake is done: the upgrade request's headers are never read again, but for the
    // User-Agent an operator sees, kept within its bound.
    String userAgent =
        SessionInfo.bounded(
            exchange.getRequestHeader(Headers.USER_AGENT_STRING), SessionInfo.MAX_USER_AGENT);
    UpgradeRequests.release(exchange);
    metrics.connectionOpened();
    WsTransport transport =
        new WsTransport(
            channel,
            codec,
            limits.sendQueueCapacity(),
            limits.sendQueueBytes(),
            budget,
            limits.writeTimeout(),
            closeGrace,
            userAgent,
            metrics);
    Optional<SessionEvents> session;
    try {
      session = connect.open(transport);
    } catch (RuntimeException | Error e) {
      LOG.error("could not open a session for {}; closing it", channel.getSourceAddress(), e);
      refuse(channel, CloseReason.INTERNAL_ERROR);
      return;
    }
    if (session.isEmpty()) {
      LOG.warn(
          "refusing connection from {}: {} connections open (the limit)",
          channel.getSourceAddress(),
          limits.maxTotalConnections());
      refuse(channel, CloseReason.SERVER_FULL);
      return;
    }
    SessionEvents events = session.get();
    channel
        .getCloseSetter()
        .set(
            closed -> {
              metrics.connectionClosed(transport.closeCode());
              transport.closed();
              events.transportClosed();
            });
    if (!channel.isOpen()) {
      // Closed before the listener was set: it will never fire.
      metrics.connectionClosed(transport.closeCode());
      transport.closed();
      events.transportClosed();
      return;
    }
    channel
        .getReceiveSetter()
        .set(new FrameReceiver(events, codec, limits.maxFrameBytes(), metrics));
    channel.resumeReceives();
  }

  /** Closes a socket that got no session, within the close grace. */
  private void refuse(WebSocketChannel channel, CloseReason reason) {
    metrics.connectionClosed(reason.code());
    WebSockets.sendClose(new CloseMessage(reason.code(), reason.description()), channel, null);
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
  }
}
