package chat.gateway.adapters.ws;

import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.codec.Decoded;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.protocol.ClientFrame;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket's inbound side: assembles each binary message (bounded), decodes it on the I/O thread
 * (microseconds) and hands the request to the session, which queues it. Text messages are drained
 * and refused with WS_INVALID_MESSAGE.
 */
final class FrameReceiver extends AbstractReceiveListener {

  private static final Logger LOG = LoggerFactory.getLogger(FrameReceiver.class);

  private final SessionEvents session;
  private final FrameCodec codec;
  private final int maxFrameBytes;
  private final GatewayMetrics metrics;

  FrameReceiver(
      SessionEvents session, FrameCodec codec, int maxFrameBytes, GatewayMetrics metrics) {
    this.session = session;
    this.metrics = metrics;
    this.codec = codec;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel message) {
    assemble(
        channel,
        message,
        true,
        (bytes, length) -> {
          switch (codec.decodeClient(bytes, 0, length)) {
            case Decoded.Ok<ClientFrame> ok -> {
              metrics.frameReceived(ok.frame().payload().type(), length);
              session.frameArrived(ok.frame());
            }
            case Decoded.Failed<ClientFrame> failed -> {
              metrics.frameRefused(length);
              session.frameRejected(failed.code(), failed.seq(), failed.reason());
            }
          }
        });
  }

  @Override
  protected void onText(WebSocketChannel channel, StreamSourceFrameChannel message) {
    assemble(
        channel,
        message,
        false,
        (bytes, length) -> {
          metrics.frameRefused(length);
          session.frameRejected(
              ErrorCode.WS_INVALID_MESSAGE,
              0,
              "text frames are not accepted: send binary MessagePack frames");
        });
  }

  /** Reads one message, bounded; {@code keep} false counts the bytes without holding them. */
  private void assemble(
      WebSocketChannel channel,
      StreamSourceFrameChannel message,
      boolean keep,
      Completion completion) {
    new MessageAssembler(
            message,
            maxFrameBytes,
            keep,
            new MessageAssembler.Outcome() {
              @Override
              public void complete(byte[] bytes, int length) {
                completion.accept(bytes, length);
              }

              @Override
              public void tooLarge() {
                session.frameTooLarge();
              }

              @Override
              public void failed(IOException error) {
                onError(channel, error);
              }
            })
        .start();
  }

  /** What to do with a whole message. */
  @FunctionalInterface
  private interface Completion {
    void accept(byte[] bytes, int length);
  }

  @Override
  protected void onError(WebSocketChannel channel, Throwable error) {
    LOG.debug("connection from {} broke: {}", channel.getSourceAddress(), error.toString());
    super.onError(channel, error);
  }
}
