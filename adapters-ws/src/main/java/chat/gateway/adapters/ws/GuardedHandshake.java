package chat.gateway.adapters.ws;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.protocol.framed.FrameHeaderData;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSocketFrameCorruptedException;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.core.protocol.version13.WebSocket13Channel;
import io.undertow.websockets.extensions.CompositeExtensionFunction;
import io.undertow.websockets.extensions.ExtensionFunction;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.xnio.StreamConnection;

/**
 * The RFC 6455 (version 13) handshake, the only one served, creating channels that refuse two frame
 * headers Undertow 2.4.4 lets through, and reporting each upgraded socket to {@code upgraded} (so
 * it no longer counts as a pending handshake).
 */
final class GuardedHandshake extends Hybi13Handshake {

  private final Consumer<StreamConnection> upgraded;

  GuardedHandshake(Consumer<StreamConnection> upgraded) {
    this.upgraded = upgraded;
  }

  @Override
  public WebSocketChannel createChannel(
      WebSocketHttpExchange exchange, StreamConnection connection, ByteBufferPool pool) {
    upgraded.accept(connection);
    // None are offered (RFC 6455 extensions are not served), and asking copies the response
    // headers into a new map twice per connection.
    List<ExtensionFunction> extensions =
        availableExtensions.isEmpty() ? List.of() : initExtensions(exchange);
    return new GuardedChannel(
        connection,
        pool,
        getWebSocketLocation(exchange),
        exchange.getResponseHeader("Sec-WebSocket-Protocol"),
        !extensions.isEmpty(),
        CompositeExtensionFunction.compose(extensions),
        exchange);
  }

  /**
   * A server-side version 13 channel that checks each complete frame header before Undertow acts on
   * it. Upstream behaviour (Undertow 2.4.4, {@code WebSocket07Channel.WebSocketFrameHeader}):
   *
   * <ul>
   *   <li>a 64-bit payload length with the most significant bit set is read as a negative length
   *       and accepted: the bytes vanish, or an {@code IllegalArgumentException} is logged and the
   *       connection hangs. RFC 6455 5.2: "the most significant bit MUST be 0".
   *   <li>the mask bit is checked for data frames only, so an unmasked Ping is answered and an
   *       unmasked Close is echoed with 1000. RFC 6455 5.1: the server MUST close on an unmasked
   *       frame.
   * </ul>
   *
   * Both are refused here the way Undertow refuses its own header errors: close 1002 and no more
   * reads. The header object is Undertow's own (its masker casts to that class), so the check reads
   * the header bytes as Undertow consumes them instead of wrapping the header.
   */
  static final class GuardedChannel extends WebSocket13Channel {

    private int headerBytes;
    private int secondByte;

    GuardedChannel(
        StreamConnection connection,
        ByteBufferPool pool,
        String url,
        String subProtocol,
        boolean extensionsSupported,
        ExtensionFunction extensions,
        WebSocketHttpExchange exchange) {
      super(
          connection,
          pool,
          url,
          subProtocol,
          false,
          extensionsSupported,
          extensions,
          exchange.getPeerConnections(),
          exchange.getOptions());
    }

    @Override
    protected FrameHeaderData parseFrame(ByteBuffer data) throws IOException {
      int start = data.position();
      FrameHeaderData header = super.parseFrame(data);
      for (int i = start; i < data.position() && headerBytes < 2; i++, headerBytes++) {
        if (headerBytes == 1) {
          secondByte = data.get(i) & 0xff;
        }
      }
      if (header == null) {
        return null;
      }
      headerBytes = 0;
      if ((secondByte & 0x80) == 0) {
        throw refuse("frame from the client is not masked");
      }
      if (header.getFrameLength() < 0) {
        throw refuse("64-bit payload length with the most significant bit set");
      }
      return header;
    }

    /** What WebSocketChannel.parseFrame does with a header it rejects: 1002, reads broken. */
    private IOException refuse(String reason) {
      WebSocketFrameCorruptedException error = new WebSocketFrameCorruptedException(reason);
      WebSockets.sendClose(
          new CloseMessage(CloseMessage.PROTOCOL_ERROR, reason).toByteBuffer(), this, null);
      markReadsBroken(error);
      return new IOException(error);
    }
  }
}
