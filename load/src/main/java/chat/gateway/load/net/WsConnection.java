package chat.gateway.load.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of one RFC 6455 WebSocket over a non-blocking socket: the upgrade request, masked
 * frames out, unmasked frames in (fragments joined, pings answered, a close reported). Every method
 * runs on the connection's {@link IoLoop}; callbacks to the {@link Handler} too.
 */
public final class WsConnection {

  /** What the scenario does with a connection's events; called on its loop's thread. */
  public interface Handler {
    /** The upgrade succeeded: frames may be sent. */
    void onOpen(WsConnection conn);

    /** One whole binary (or text) message; {@code data} is only valid during the call. */
    void onMessage(WsConnection conn, byte[] data, int offset, int length);

    /**
     * The connection ended: {@code code} is the server's close code, 1006 for a cut socket or a
     * failed connect/upgrade; called once.
     */
    void onClose(WsConnection conn, int code, String reason);
  }

  private enum State {
    CONNECTING,
    UPGRADING,
    OPEN,
    CLOSED
  }

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  private final IoLoop loop;
  private final Handler handler;
  private final String path;
  private final String host;
  private SocketChannel channel;
  private SelectionKey key;
  private State state = State.CONNECTING;
  private String acceptExpected;

  /** Bytes of an incomplete frame (or upgrade response) carried to the next read. */
  private byte[] pending;

  /** A buffer of its own while a frame larger than the shared buffer arrives. */
  private ByteBuffer large;

  private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>(0);
  private ByteArrayOutputStream fragments;

  /** Free for the scenario: its per-connection state. */
  public Object attachment;

  private WsConnection(IoLoop loop, Handler handler, String host, String path) {
    this.loop = loop;
    this.handler = handler;
    this.host = host;
    this.path = path;
  }

  /**
   * Opens a connection from {@code source} (null: any) to {@code target}; to be called on {@code
   * loop}'s thread. Failures are reported through {@link Handler#onClose}.
   */
  public static WsConnection open(
      IoLoop loop,
      Handler handler,
      InetSocketAddress source,
      InetSocketAddress target,
      String path,
      Object attachment) {
    return open(loop, handler, source, target, path, attachment, 0);
  }

  /**
   * As {@link #open(IoLoop, Handler, InetSocketAddress, InetSocketAddress, String, Object)}, with
   * the socket's receive buffer set to {@code receiveBuffer} bytes when positive (before
   * connecting, so that the TCP window stays that small).
   */
  public static WsConnection open(
      IoLoop loop,
      Handler handler,
      InetSocketAddress source,
      InetSocketAddress target,
      String path,
      Object attachment,
      int receiveBuffer) {
    WsConnection conn =
        new WsConnection(loop, handler, target.getHostString() + ":" + target.getPort(), path);
    conn.attachment = attachment;
    try {
      conn.channel = SocketChannel.open();
      conn.channel.configureBlocking(false);
      conn.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (receiveBuffer > 0) {
        conn.channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
      }
      if (source != null) {
        conn.channel.bind(source);
      }
      conn.key = conn.channel.register(loop.selector(), 0, conn);
      if (conn.channel.connect(target)) {
        conn.connected();
      } else {
        conn.key.interestOps(SelectionKey.OP_CONNECT);
      }
    } catch (IOException | RuntimeException e) {
      conn.fail("connect to " + target + " failed: " + e);
    }
    return conn;
  }

  public IoLoop loop() {
    return loop;
  }

  public boolean isOpen() {
    return state == State.OPEN;
  }

  /** Sends {@code payload} as one masked binary frame; dropped when the connection is not open. */
  public void sendBinary(byte[] payload) {
    if (state != State.OPEN) {
      return;
    }
    write(frame(0x2, payload, 0, payload.length));
  }

  /** Stops reading: what the server sends piles up in the socket buffers. On the loop thread. */
  public void pauseReading() {
    if (key != null && key.isValid()) {
      key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
    }
  }

  /** Reads again after {@link #pauseReading}. On the loop thread. */
  public void resumeReading() {
    if (key != null && key.isValid()) {
      key.interestOps(key.interestOps() | SelectionKey.OP_READ);
    }
  }

  /** Sends a close frame with {@code code} and closes the socket. */
  public void close(int code) {
    if (state == State.OPEN) {
      byte[] body = {(byte) (code >> 8), (byte) code};
      write(frame(0x8, body, 0, 2));
    }
    finish(code, "closed by the load tool", false);
  }

  void onReady(SelectionKey ready) {
    try {
      if (!ready.isValid()) {
        return;
      }
      if (ready.isConnectable()) {
        if (channel.finishConnect()) {
          connected();
        }
        return;
      }
      if (ready.isWritable()) {
        flush();
      }
      if (ready.isValid() && ready.isReadable()) {
        read();
      }
    } catch (IOException e) {
      fail(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private void connected() throws IOException {
    state = State.UPGRADING;
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String wsKey = Base64.getEncoder().encodeToString(nonce);
    acceptExpected =
        Base64.getEncoder()
            .encodeToString(loop.sha1().digest((wsKey + GUID).getBytes(StandardCharsets.US_ASCII)));
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + wsKey
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    key.interestOps(SelectionKey.OP_READ);
    write(request.getBytes(StandardCharsets.US_ASCII));
  }

  private void read() throws IOException {
    ByteBuffer buffer = large != null ? large : loop.readBuffer();
    if (large == null) {
      buffer.clear();
      if (pending != null) {
        buffer.put(pending);
        pending = null;
      }
    }
    int n = channel.read(buffer);
    if (n < 0) {
      fail("the server closed the socket");
      return;
    }
    buffer.flip();
    if (state == State.UPGRADING && !upgrade(buffer)) {
      keepRest(buffer, buffer.remaining() + 1);
      return;
    }
    int needed = 0;
    while (state == State.OPEN && buffer.hasRemaining()) {
      needed = frameIn(buffer);
      if (needed > 0) {
        break;
      }
    }
    if (state == State.CLOSED) {
      return;
    }
    if (buffer.hasRemaining()) {
      keepRest(buffer, needed);
    } else {
      large = null;
    }
  }

  /** Keeps the unread rest of {@code buffer}, of a frame {@code needed} bytes long in all. */
  private void keepRest(ByteBuffer buffer, int needed) {
    if (needed > IoLoop.READ_BUFFER) {
      if (buffer == large && large.capacity() >= needed) {
        large.compact();
      } else {
        ByteBuffer bigger = ByteBuffer.allocate(needed);
        bigger.put(buffer);
        large = bigger;
      }
      return;
    }
    if (buffer == large) {
      // A large frame is done, the start of a small one follows.
      large = null;
    }
    if (buffer.remaining() >= IoLoop.READ_BUFFER) {
      throw new IllegalStateException("upgrade response larger than " + IoLoop.READ_BUFFER);
    }
    pending = new byte[buffer.remaining()];
    buffer.get(pending);
  }

  /** Reads the upgrade response; false when it is not complete yet. */
  private boolean upgrade(ByteBuffer buffer) {
    int end = indexOf(buffer, HEADER_END);
    if (end < 0) {
      return false;
    }
    String head =
        new String(
            buffer.array(), buffer.position(), end - buffer.position(), StandardCharsets.UTF_8);
    buffer.position(end + HEADER_END.length);
    String status = head.lines().findFirst().orElse("");
    if (!status.startsWith("HTTP/1.1 101")) {
      fail("upgrade refused: " + status);
      return false;
    }
    boolean accepted =
        head.lines()
            .anyMatch(
                line ->
                    line.regionMatches(true, 0, "Sec-WebSocket-Accept:", 0, 21)
                        && line.substring(21).strip().equals(acceptExpected));
    if (!accepted) {
      fail("upgrade answered with a wrong Sec-WebSocket-Accept");
      return false;
    }
    state = State.OPEN;
    acceptExpected = null;
    handler.onOpen(this);
    return true;
  }

  private static int indexOf(ByteBuffer buffer, byte[] needle) {
    byte[] a = buffer.array();
    for (int i = buffer.position(); i + needle.length <= buffer.limit(); i++) {
      if (a[i] == needle[0]
          && a[i + 1] == needle[1]
          && a[i + 2] == needle[2]
          && a[i + 3] == needle[3]) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Handles one frame at the buffer's position; returns 0 when one was consumed, else the total
   * length of the frame (header included, or a header's worth) that is not complete yet.
   */
  private int frameIn(ByteBuffer buffer) {
    int start = buffer.position();
    int available = buffer.remaining();
    if (available < 2) {
      return 14;
    }
    byte[] a = buffer.array();
    int b0 = a[start] & 0xff;
    int b1 = a[start + 1] & 0xff;
    boolean masked = (b1 & 0x80) != 0;
    long length = b1 & 0x7f;
    int header = 2;
    if (length == 126) {
      if (available < 4) {
        return 14;
      }
      length = ((a[start + 2] & 0xff) << 8) | (a[start + 3] & 0xff);
      header = 4;
    } else if (length == 127) {
      if (available < 10) {
        return 14;
      }
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | (a[start + 2 + i] & 0xff);
      }
      header = 10;
    }
    if (masked) {
      header += 4;
    }
    if (length > 64L * 1024 * 1024) {
      fail("the server sent a frame of " + length + " bytes");
      return 0;
    }
    int total = header + (int) length;
    if (available < total) {
      return total;
    }
    int payload = start + header;
    if (masked) {
      for (int i = 0; i < length; i++) {
        a[payload + i] ^= a[payload - 4 + (i & 3)];
      }
    }
    buffer.position(start + total);
    boolean fin = (b0 & 0x80) != 0;
    int opcode = b0 & 0x0f;
    switch (opcode) {
      case 0x0, 0x1, 0x2 -> data(fin, opcode, a, payload, (int) length);
      case 0x8 -> {
        int code = length >= 2 ? ((a[payload] & 0xff) << 8) | (a[payload + 1] & 0xff) : 1005;
        String reason =
            length > 2 ? new String(a, payload + 2, (int) length - 2, StandardCharsets.UTF_8) : "";
        if (state == State.OPEN) {
          byte[] body = {(byte) (code >> 8), (byte) code};
          write(frame(0x8, body, 0, length >= 2 ? 2 : 0));
        }
        finish(code, reason, true);
      }
      case 0x9 -> write(frame(0xA, a, payload, (int) length));
      default -> {
        // pong or reserved: nothing to do
      }
    }
    return 0;
  }

  private void data(boolean fin, int opcode, byte[] a, int offset, int length) {
    if (opcode != 0 && fin && fragments == null) {
      handler.onMessage(this, a, offset, length);
      return;
    }
    if (fragments == null) {
      fragments = new ByteArrayOutputStream(Math.max(256, length * 2));
    }
    fragments.write(a, offset, length);
    if (fin) {
      byte[] whole = fragments.toByteArray();
      fragments = null;
      handler.onMessage(this, whole, 0, whole.length);
    }
  }

  /** A client frame: FIN, {@code opcode}, masked with a random key. */
  private static byte[] frame(int opcode, byte[] payload, int offset, int length) {
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    byte[] frame = new byte[header + 4 + length];
    frame[0] = (byte) (0x80 | opcode);
    if (length < 126) {
      frame[1] = (byte) (0x80 | length);
    } else if (length < 65536) {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (length >> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) ((long) length >> (56 - 8 * i));
      }
    }
    int mask = ThreadLocalRandom.current().nextInt();
    byte[] m = {(byte) (mask >> 24), (byte) (mask >> 16), (byte) (mask >> 8), (byte) mask};
    System.arraycopy(m, 0, frame, header, 4);
    int body = header + 4;
    for (int i = 0; i < length; i++) {
      frame[body + i] = (byte) (payload[offset + i] ^ m[i & 3]);
    }
    return frame;
  }

  private void write(byte[] bytes) {
    if (state == State.CLOSED) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (out.isEmpty()) {
      try {
        channel.write(buffer);
      } catch (IOException e) {
        fail("write failed: " + e.getMessage());
        return;
      }
      if (!buffer.hasRemaining()) {
        return;
      }
      key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
    }
    out.add(buffer);
  }

  private void flush() throws IOException {
    ByteBuffer head;
    while ((head = out.peek()) != null) {
      channel.write(head);
      if (head.hasRemaining()) {
        return;
      }
      out.poll();
    }
    key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
  }

  private void fail(String reason) {
    finish(1006, reason, false);
  }

  private void finish(int code, String reason, boolean flushFirst) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    try {
      if (flushFirst && !out.isEmpty()) {
        flush();
      }
    } catch (IOException e) {
      // closing anyway
    }
    out.clear();
    pending = null;
    large = null;
    try {
      if (key != null) {
        key.cancel();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // closed anyway
    }
    handler.onClose(this, code, reason);
  }
}
