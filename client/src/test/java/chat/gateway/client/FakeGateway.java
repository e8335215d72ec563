package chat.gateway.client;

import chat.gateway.codec.Decoded;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ServerFrame;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted WebSocket server, speaking just enough RFC 6455 to answer the JDK client: the upgrade,
 * unfragmented binary frames, close. It serves one connection at a time, numbered from 1, answering
 * each client frame with what the script returns for that connection (encoded frames or raw bytes),
 * and never answers WebSocket pings, so it can play a gateway that stops talking.
 */
final class FakeGateway implements AutoCloseable {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  static final FrameCodec CODEC = new FrameCodec();

  /** What the gateway answers to {@code frame} on its {@code connection}th connection. */
  interface Script {
    List<byte[]> answer(int connection, ClientFrame frame);
  }

  /** A frame the client sent, and on which connection. */
  record Received(int connection, ClientFrame frame) {}

  final BlockingQueue<ClientFrame> received = new LinkedBlockingQueue<>();
  final BlockingQueue<Received> log = new LinkedBlockingQueue<>();
  private final ServerSocket server;
  private final Script script;
  private final Thread thread;
  private final AtomicInteger connections = new AtomicInteger();
  private volatile Socket socket;

  private FakeGateway(Script script) throws IOException {
    this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    this.script = script;
    this.thread = Thread.ofPlatform().daemon().name("fake-gateway").start(this::serve);
  }

  /** A gateway answering each client frame, on every connection, with what {@code script} says. */
  static FakeGateway start(Function<ClientFrame, List<byte[]>> script) throws IOException {
    return new FakeGateway((connection, frame) -> script.apply(frame));
  }

  /** A gateway whose answers depend on the connection's number. */
  static FakeGateway start(Script script) throws IOException {
    return new FakeGateway(script);
  }

  /** Drops the current connection without a close frame, as a broken network would. */
  void dropCurrent() throws IOException {
    Socket open = socket;
    if (open != null) {
      open.setSoLinger(true, 0);
      open.close();
    }
  }

  /** How many connections were accepted so far. */
  int connections() {
    return connections.get();
  }

  static byte[] encode(ServerFrame frame) {
    return CODEC.encode(frame);
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws");
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket accepted = server.accept()) {
        socket = accepted;
        converse(connections.incrementAndGet(), accepted);
      } catch (IOException closed) {
        // The client or the test closed the socket: on to the next connection, if any.
      }
    }
  }

  private void converse(int connection, Socket accepted) throws IOException {
    InputStream in = accepted.getInputStream();
    OutputStream out = accepted.getOutputStream();
    handshake(in, out);
    DataInputStream frames = new DataInputStream(in);
    while (true) {
      int first = frames.readUnsignedByte();
      byte[] payload = readPayload(frames);
      int opcode = first & 0x0F;
      if (opcode == 0x8) {
        writeFrame(out, 0x88, payload);
        return;
      }
      if (opcode == 0x2 && CODEC.decodeClient(payload) instanceof Decoded.Ok<ClientFrame> ok) {
        received.add(ok.frame());
        log.add(new Received(connection, ok.frame()));
        for (byte[] answer : script.answer(connection, ok.frame())) {
          writeFrame(out, 0x82, answer);
        }
      }
    }
  }

  private static void handshake(InputStream in, OutputStream out) throws IOException {
    // Byte by byte: nothing past the request's blank line may be consumed here.
    StringBuilder request = new StringBuilder();
    while (request.indexOf("\r\n\r\n") < 0) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("the client left during the handshake");
      }
      request.append((char) next);
    }
    String key = "";
    for (String line : request.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
        key = line.substring(line.indexOf(':') + 1).strip();
      }
    }
    String response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + accept(key)
            + "\r\n\r\n";
    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String accept(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readPayload(DataInputStream in) throws IOException {
    int second = in.readUnsignedByte();
    long length = second & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] mask = new byte[4];
    if ((second & 0x80) != 0) {
      in.readFully(mask);
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i % 4];
    }
    return payload;
  }

  private static void writeFrame(OutputStream out, int head, byte[] payload) throws IOException {
    out.write(head);
    if (payload.length < 126) {
      out.write(payload.length);
    } else {
      out.write(126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xFF);
    }
    out.write(payload);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    Socket open = socket;
    if (open != null) {
      open.close();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
