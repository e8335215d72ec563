package chat.gateway.codec;

import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ServerFrame;
import java.util.Objects;

/**
 * The MessagePack wire format of the gateway, packed and unpacked with msgpack-core and
 * byte-compatible with a Go client using vmihailenco/msgpack struct tags. Stateless and
 * thread-safe: share one instance.
 *
 * <p>One WebSocket binary frame is one MessagePack map with the string keys {@code type} (the
 * {@link chat.gateway.domain.protocol.FrameType} code), {@code seq} (int64: a reply carries its
 * request's, a push 0) and {@code payload}: a bin whose bytes are the MessagePack map of the
 * payload struct, keyed by the Go struct tags ({@code to}, {@code client_msg_id}, {@code
 * created_at}...). Enums travel by wire name ({@code "text"}, {@code "read"}, {@code "away"}),
 * error codes by constant name ({@code "WS_AUTH_FAILED"}), instants as unix milliseconds, and
 * omitempty fields ({@code client_msg_id}, AuthRsp's {@code user_id} and {@code error}) are left
 * out when absent. Ping and Pong carry the empty map.
 *
 * <p>Encoding writes keys in Go struct order and the smallest encoding of every integer, which Go
 * decodes into its int64 fields.
 *
 * <p>Decoding is lenient where Go is: any integer encoding that fits in an int64, keys in any
 * order, unknown keys ignored at both levels (their values skipped up to 32 levels deep), nil as
 * the zero value, a str or nil where the payload bin is expected, and no payload bytes at all for
 * Ping and Pong. Client payloads keep raw values with Go's zero-value semantics; server payloads
 * are checked into domain types. Every str must be well-formed UTF-8: a malformed one fails the
 * payload, it is never repaired with U+FFFD. Decoding never throws for any bytes and never
 * allocates more than the bytes hold, whatever a header declares: a broken envelope gives {@code
 * WS_INVALID_MESSAGE}, a broken payload {@code WS_INVALID_PAYLOAD}, both with the envelope's seq
 * when it could be read.
 */
public final class FrameCodec {

  public FrameCodec() {}

  /** The frame the gateway sends. */
  public byte[] encode(ServerFrame frame) {
    return FrameEncoder.encode(Objects.requireNonNull(frame, "frame"));
  }

  /** The frame a client sends. */
  public byte[] encode(ClientFrame frame) {
    return FrameEncoder.encode(Objects.requireNonNull(frame, "frame"));
  }

  /** A frame from a client; a server frame type fails as WS_INVALID_MESSAGE. */
  public Decoded<ClientFrame> decodeClient(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return FrameDecoder.client(bytes, 0, bytes.length);
  }

  /**
   * A frame from a client, in {@code length} bytes of {@code bytes} from {@code offset}.
   *
   * @throws IndexOutOfBoundsException if the range is not inside {@code bytes}
   */
  public Decoded<ClientFrame> decodeClient(byte[] bytes, int offset, int length) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return FrameDecoder.client(bytes, offset, length);
  }

  /** A frame from the gateway; a client frame type fails as WS_INVALID_MESSAGE. */
  public Decoded<ServerFrame> decodeServer(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return FrameDecoder.server(bytes, 0, bytes.length);
  }

  /**
   * A frame from the gateway, in {@code length} bytes of {@code bytes} from {@code offset}.
   *
   * @throws IndexOutOfBoundsException if the range is not inside {@code bytes}
   */
  public Decoded<ServerFrame> decodeServer(byte[] bytes, int offset, int length) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return FrameDecoder.server(bytes, offset, length);
  }
}
