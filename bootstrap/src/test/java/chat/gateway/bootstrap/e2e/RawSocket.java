package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.codec.Decoded;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP socket speaking HTTP and RFC 6455 by hand, for requests and frames no well-behaved client
 * sends: any header, any FIN/RSV/opcode bits, masked or not, any length encoding.
 */
final class RawSocket implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);
  private static final FrameCodec CODEC = new FrameCodec();
  static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final int port;

  private RawSocket(int port) {
    try {
      this.port = port;
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout((int) WAIT.toMillis());
      socket.setTcpNoDelay(true);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A connected socket that has sent nothing. */
  static RawSocket connect(int port) {
    return new RawSocket(port);
  }

  /** A socket that completed a valid version 13 upgrade. */
  static RawSocket upgraded(int port) {
    RawSocket socket = connect(port);
    Response response = socket.request(upgradeHeaders());
    assertThat(response.status()).as("upgrade: %s", response).isEqualTo(101);
    return socket;
  }

  /** The headers of a valid upgrade request (insertion-ordered, so tests can drop or replace). */
  static Map<String, String> upgradeHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Upgrade", "websocket");
    headers.put("Connection", "Upgrade");
    headers.put("Sec-WebSocket-Key", KEY);
    headers.put("Sec-WebSocket-Version", "13");
    return headers;
  }

  /** Sends {@code GET /ws} with these headers (and Host) and reads the response head and body. */
  Response request(Map<String, String> headers) {
    return request("GET", headers);
  }

  Response request(String method, Map<String, String> headers) {
    StringBuilder request = new StringBuilder(method + " /ws HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1:").append(port).append("\r\n");
    headers.forEach(
        (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request.append("\r\n");
    send(request.toString().getBytes(StandardCharsets.US_ASCII));
    return readResponse();
  }

  private Response readResponse() {
    try {
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int next = in.read();
        assertThat(next).as("the response head so far: %s", head).isNotNegative();
        head.append((char) next);
      }
      String[] lines = head.toString().split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
      String body = "";
      if (headers.containsKey("content-length")) {
        body =
            new String(
                in.readNBytes(Integer.parseInt(headers.get("content-length"))),
                StandardCharsets.UTF_8);
      }
      return new Response(status, headers, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a masked final frame with this opcode and payload. */
  void frame(int opcode, byte[] payload) {
    frame(true, 0, opcode, true, payload);
  }

  /** Sends one frame exactly as described, with the shortest length encoding. */
  void frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
    send(encode(fin, rsv, opcode, masked, payload));
  }

  static byte[] encode(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xf));
    int mask = masked ? 0x80 : 0;
    if (payload.length <= 125) {
      frame.write(mask | payload.length);
    } else if (payload.length <= 0xffff) {
      frame.write(mask | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length);
    } else {
      frame.write(mask | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift));
      }
    }
    frame.writeBytes(masked ? masked(frame, payload) : payload);
    return frame.toByteArray();
  }

  /** Writes a random mask key to {@code frame} and returns the payload masked with it. */
  private static byte[] masked(ByteArrayOutputStream frame, byte[] payload) {
    byte[] key = new byte[4];
    ThreadLocalRandom.current().nextBytes(key);
    frame.writeBytes(key);
    byte[] masked = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      masked[i] = (byte) (payload[i] ^ key[i % 4]);
    }
    return masked;
  }

  /** Sends a gateway request as one masked binary frame. */
  long request(long seq, ClientPayload payload) {
    frame(0x2, CODEC.encode(new ClientFrame(seq, payload)));
    return seq;
  }

  /** The next frame from the server (which never masks). */
  Frame readFrame() {
    try {
      int first = readByte();
      int second = readByte();
      long length = second & 0x7f;
      if (length == 126) {
        length = (readByte() << 8) | readByte();
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = length << 8 | readByte();
        }
      }
      assertThat(second & 0x80).as("server frames are not masked").isZero();
      byte[] payload = in.readNBytes((int) length);
      assertThat(payload).hasSize((int) length);
      return new Frame((first & 0x80) != 0, (first >> 4) & 0x7, first & 0xf, payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new IOException("connection closed by the server");
    }
    return b;
  }

  /** The next gateway frame, skipping control frames. */
  ServerFrame readServerFrame() {
    while (true) {
      Frame frame = readFrame();
      if (frame.opcode() == 0x2) {
        return switch (CODEC.decodeServer(frame.payload())) {
          case Decoded.Ok<ServerFrame> ok -> ok.frame();
          case Decoded.Failed<ServerFrame> failed ->
              throw new AssertionError("undecodable server frame: " + failed.reason());
        };
      }
      assertThat(frame.opcode()).as("unexpected %s", frame).isIn(0x9, 0xA);
    }
  }

  /**
   * Reads until the server's close frame and returns it, skipping data frames before it; empty if
   * the socket ended without one.
   */
  Optional<Frame> awaitCloseFrame() {
    while (true) {
      Frame frame;
      try {
        frame = readFrame();
      } catch (UncheckedIOException ended) {
        return Optional.empty();
      }
      if (frame.opcode() == 0x8) {
        return Optional.of(frame);
      }
    }
  }

  /** The close code the server sent (failing when it sent none). */
  int awaitCloseCode() {
    Frame close = awaitCloseFrame().orElseThrow(() -> new AssertionError("no close frame"));
    return close.closeCode();
  }

  /**
   * True when the server ends the connection (EOF or reset) within {@code within}; bytes arriving
   * meanwhile are read and dropped.
   */
  boolean endsWithin(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    try {
      byte[] sink = new byte[4096];
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        try {
          if (in.read(sink) < 0) {
            return true;
          }
        } catch (SocketTimeoutException stillOpen) {
          return false;
        } catch (SocketException reset) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        socket.setSoTimeout((int) WAIT.toMillis());
      } catch (SocketException ignored) {
        // closed
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** An HTTP response: status, headers (lower-case names) and body. */
  record Response(int status, Map<String, String> headers, String body) {}

  /** A WebSocket frame as received. */
  record Frame(boolean fin, int rsv, int opcode, byte[] payload) {

    /** The status code of a close frame; 1005 when it carries none. */
    int closeCode() {
      assertThat(opcode).isEqualTo(0x8);
      return payload.length < 2 ? 1005 : (payload[0] & 0xff) << 8 | (payload[1] & 0xff);
    }

    @Override
    public String toString() {
      return "Frame[fin=%s, rsv=%d, opcode=%d, %d bytes]"
          .formatted(fin, rsv, opcode, payload.length);
    }
  }
}
