package chat.gateway.client;

import chat.gateway.codec.Decoded;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.protocol.ServerFrame;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * What the JDK socket reports for one {@link Link}: reassembles and decodes the gateway's frames
 * and hands them, and the link's end, to the event thread. The JDK calls these methods one at a
 * time, so the partial frame needs no lock.
 */
final class LinkListener implements WebSocket.Listener {

  private static final System.Logger LOG = System.getLogger(LinkListener.class.getName());

  /** Largest frame accepted from the gateway: a full sync page of large messages fits. */
  static final int MAX_INBOUND_BYTES = 32 << 20;

  private static final int MESSAGE_TOO_BIG = 1009;

  private final Link link;
  private final FrameCodec codec;
  private final EventLoop events;
  private final LinkEvents handler;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  LinkListener(Link link, FrameCodec codec, EventLoop events, LinkEvents handler) {
    this.link = link;
    this.codec = codec;
    this.events = events;
    this.handler = handler;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    if (link.attach(webSocket)) {
      webSocket.request(1);
    }
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    link.touch();
    if (partial.size() + data.remaining() > MAX_INBOUND_BYTES) {
      partial.reset();
      lost(MESSAGE_TOO_BIG, "the gateway sent a frame larger than " + MAX_INBOUND_BYTES + " bytes");
      return null;
    }
    byte[] chunk = new byte[data.remaining()];
    data.get(chunk);
    partial.writeBytes(chunk);
    if (!last) {
      webSocket.request(1);
      return null;
    }
    byte[] bytes = partial.toByteArray();
    partial.reset();
    switch (codec.decodeServer(bytes)) {
      case Decoded.Ok<ServerFrame> ok ->
          // The next frame is requested once this one is handled: a slow listener slows reading,
          // and the gateway's bounded send queue decides what happens then.
          events.submit(
              () -> {
                handler.frameArrived(link, ok.frame());
                webSocket.request(1);
              });
      case Decoded.Failed<ServerFrame> failed -> {
        // A newer gateway may send types this client does not know: skip them, never fail.
        LOG.log(Level.DEBUG, "skipping a frame this client cannot decode: {0}", failed.reason());
        webSocket.request(1);
      }
    }
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    link.touch();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    link.touch();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    link.touch();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    link.touch();
    lost(statusCode, reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    lost(CloseAdvice.ABNORMAL_CLOSURE, "connection failed: " + Failures.describe(error));
  }

  private void lost(int code, String reason) {
    events.submit(() -> handler.linkLost(link, code, reason));
  }
}
