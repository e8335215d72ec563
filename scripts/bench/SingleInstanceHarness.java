import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A throwaway measuring harness for one gateway instance (JDK only, run as a single source file):
 * opens authenticated WebSocket connections from NIO selectors over several loopback source
 * addresses, and optionally drives 1:1 chat between pairs of them. Not the load tool (the `load`
 * module); kept so that the figures in docs/benchmarks.md can be reproduced.
 *
 * <pre>
 * java scripts/bench/SingleInstanceHarness.java --port 8443 --conns 18000 --rate 6000 --hold 20
 * java scripts/bench/SingleInstanceHarness.java --port 8443 --conns 2000 --chat-rate 10000 --chat-seconds 30
 * </pre>
 *
 * Options: --host (127.0.0.1), --port, --conns N, --first-user (1), --rate (connects/s started,
 * open loop, at most --in-flight unanswered), --in-flight (500), --sources (20: 127.0.0.2 ..),
 * --threads (1 selector thread each), --secret-file (~/.chat-gateway/dev-jwt-secret) or --secret,
 * --hold S (keep the connections idle S seconds, sending a Ping every 30 s), --chat-rate R (total
 * Chats per second, connection 2k to 2k+1 and back), --chat-seconds S, --no-ack (receivers do not
 * ack delivered).
 */
public final class SingleInstanceHarness {

  static String host = "127.0.0.1";
  static int port = 8443;
  static int conns = 1000;
  static long firstUser = 1;
  static double rate = 2000;
  static int inFlight = 500;
  static int sources = 20;
  static int threads = 1;
  static byte[] secret;
  static int hold = 0;
  static double chatRate = 0;
  static int chatSeconds = 30;
  static boolean ack = true;

  static final AtomicLong authenticated = new AtomicLong();
  static final AtomicLong refused = new AtomicLong();
  static final AtomicLong failed = new AtomicLong();
  static final AtomicLong closedByServer = new AtomicLong();
  static final AtomicLong pushes = new AtomicLong();
  static final AtomicLong chatAcks = new AtomicLong();
  static final AtomicLong sent = new AtomicLong();
  static final AtomicLong errors = new AtomicLong();
  static volatile long lastAuthNanos;
  static volatile boolean chatting;
  static volatile boolean stop;

  public static void main(String[] args) throws Exception {
    String secretFile = System.getProperty("user.home") + "/.chat-gateway/dev-jwt-secret";
    String secretText = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--host" -> host = args[++i];
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--conns" -> conns = Integer.parseInt(args[++i]);
        case "--first-user" -> firstUser = Long.parseLong(args[++i]);
        case "--rate" -> rate = Double.parseDouble(args[++i]);
        case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
        case "--sources" -> sources = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--secret-file" -> secretFile = args[++i];
        case "--secret" -> secretText = args[++i];
        case "--hold" -> hold = Integer.parseInt(args[++i]);
        case "--chat-rate" -> chatRate = Double.parseDouble(args[++i]);
        case "--chat-seconds" -> chatSeconds = Integer.parseInt(args[++i]);
        case "--no-ack" -> ack = false;
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (secretText == null) {
      secretText = Files.readString(Path.of(secretFile)).strip();
    }
    secret = secretText.getBytes(StandardCharsets.UTF_8);

    // Tokens are minted before the clock starts: the storm measures the server, not the minting.
    String[] tokens = new String[conns];
    for (int i = 0; i < conns; i++) {
      tokens[i] = token(firstUser + i);
    }
    List<Worker> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(new Worker(t, tokens));
    }
    long cpuAtStart = cpuNanos();
    long start = System.nanoTime();
    for (Worker w : workers) {
      w.start = start;
      w.thread.start();
    }
    long lastPrint = start;
    long lastCount = 0;
    while (authenticated.get() + refused.get() + failed.get() < conns) {
      Thread.sleep(200);
      long now = System.nanoTime();
      if (now - lastPrint >= 2_000_000_000L) {
        long c = authenticated.get();
        System.out.printf(
            "%5.1f s  authenticated %d (%.0f/s)  refused %d  failed %d%n",
            (now - start) / 1e9,
            c,
            (c - lastCount) / ((now - lastPrint) / 1e9),
            refused.get(),
            failed.get());
        lastPrint = now;
        lastCount = c;
      }
      if (now - start > 600_000_000_000L) {
        break;
      }
    }
    double seconds = (lastAuthNanos - start) / 1e9;
    System.out.printf(
        "CONNECT: %d authenticated in %.2f s = %.0f connects/s (refused %d, failed %d)%n",
        authenticated.get(),
        seconds,
        authenticated.get() / seconds,
        refused.get(),
        failed.get());
    for (Worker w : workers) {
      w.printConnectLatency();
    }
    System.out.printf(
        "harness CPU for the connects: %.0f ms = %.3f ms per connect%n",
        (cpuNanos() - cpuAtStart) / 1e6,
        (cpuNanos() - cpuAtStart) / 1e6 / Math.max(1, authenticated.get()));
    if (chatRate > 0) {
      for (Worker w : workers) {
        w.resetLatencies();
      }
      long chatStart = System.nanoTime();
      for (Worker w : workers) {
        w.chatStart = chatStart;
      }
      chatting = true;
      long prevSent = 0;
      long prevPush = 0;
      for (int s = 1; s <= chatSeconds; s++) {
        Thread.sleep(1000);
        if (s % 5 == 0) {
          long ss = sent.get();
          long pp = pushes.get();
          System.out.printf(
              "%3d s  sent %.0f/s  pushed %.0f/s  acks %d  errors %d  closed %d%n",
              s, (ss - prevSent) / 5.0, (pp - prevPush) / 5.0, chatAcks.get(), errors.get(),
              closedByServer.get());
          prevSent = ss;
          prevPush = pp;
        }
      }
      chatting = false;
      Thread.sleep(2000);
      long[] all = merged(workers);
      double secs = chatSeconds;
      System.out.printf(
          "CHAT: sent %d (%.0f/s), pushes received %d (%.0f/s), chat acks %d, errors %d, closed %d%n",
          sent.get(), sent.get() / secs, pushes.get(), pushes.get() / secs, chatAcks.get(),
          errors.get(), closedByServer.get());
      printPercentiles("push latency", all);
    }
    if (hold > 0) {
      System.out.printf("holding %d connections idle for %d s%n", authenticated.get(), hold);
      Thread.sleep(hold * 1000L);
      System.out.printf("after hold: closed by server %d%n", closedByServer.get());
    }
    stop = true;
    for (Worker w : workers) {
      w.thread.join(5000);
    }
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static long[] merged(List<Worker> workers) {
    int n = 0;
    for (Worker w : workers) {
      n += w.latencyCount;
    }
    long[] all = new long[n];
    int at = 0;
    for (Worker w : workers) {
      System.arraycopy(w.latencies, 0, all, at, w.latencyCount);
      at += w.latencyCount;
    }
    return all;
  }

  static void printPercentiles(String what, long[] values) {
    if (values.length == 0) {
      System.out.println(what + ": no samples");
      return;
    }
    Arrays.sort(values);
    System.out.printf(
        "%s (%d samples): p50 %.2f ms  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms%n",
        what,
        values.length,
        pct(values, 0.50),
        pct(values, 0.90),
        pct(values, 0.99),
        pct(values, 0.999),
        values[values.length - 1] / 1e6);
  }

  static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  static String token(long user) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
    long now = System.currentTimeMillis() / 1000;
    String claims =
        b64.encodeToString(
            ("{\"sub\":\"" + user + "\",\"iat\":" + now + ",\"exp\":" + (now + 86400) + "}")
                .getBytes());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    String input = header + "." + claims;
    return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  // ---- MessagePack, just what the harness needs ----

  static final class Pack {
    byte[] buf = new byte[256];
    int n;

    void b(int v) {
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = (byte) v;
    }

    void bytes(byte[] v) {
      for (byte x : v) {
        b(x);
      }
    }

    void str(String s) {
      byte[] v = s.getBytes(StandardCharsets.UTF_8);
      if (v.length < 32) {
        b(0xa0 | v.length);
      } else if (v.length < 256) {
        b(0xd9);
        b(v.length);
      } else {
        b(0xda);
        b(v.length >> 8);
        b(v.length);
      }
      bytes(v);
    }

    void lng(long v) {
      if (v >= 0 && v < 128) {
        b((int) v);
      } else {
        b(0xd3);
        for (int i = 7; i >= 0; i--) {
          b((int) (v >>> (8 * i)));
        }
      }
    }

    byte[] done() {
      return Arrays.copyOf(buf, n);
    }
  }

  static byte[] envelope(int type, long seq, byte[] payload) {
    Pack p = new Pack();
    p.b(0x83);
    p.str("type");
    p.lng(type);
    p.str("seq");
    p.lng(seq);
    p.str("payload");
    if (payload.length < 256) {
      p.b(0xc4);
      p.b(payload.length);
    } else {
      p.b(0xc5);
      p.b(payload.length >> 8);
      p.b(payload.length);
    }
    p.bytes(payload);
    return p.done();
  }

  static byte[] authFrame(String token) {
    Pack p = new Pack();
    p.b(0x81);
    p.str("token");
    p.str(token);
    return envelope(1, 1, p.done());
  }

  static byte[] chatFrame(long seq, long to, String content) {
    Pack p = new Pack();
    p.b(0x83);
    p.str("to");
    p.lng(to);
    p.str("type");
    p.str("text");
    p.str("content");
    p.str(content);
    return envelope(2, seq, p.done());
  }

  static byte[] ackFrame(long seq, long messageId) {
    Pack p = new Pack();
    p.b(0x82);
    p.str("message_id");
    p.lng(messageId);
    p.str("status");
    p.str("delivered");
    return envelope(3, seq, p.done());
  }

  static byte[] pingFrame(long seq) {
    Pack p = new Pack();
    p.b(0x80);
    return envelope(6, seq, p.done());
  }

  /** A cursor over a MessagePack value, enough to read the gateway's maps. */
  static final class Unpack {
    final byte[] d;
    int at;

    Unpack(byte[] d, int at) {
      this.d = d;
      this.at = at;
    }

    int u8() {
      return d[at++] & 0xff;
    }

    long un(int bytes) {
      long v = 0;
      for (int i = 0; i < bytes; i++) {
        v = (v << 8) | u8();
      }
      return v;
    }

    int mapHeader() {
      int b = u8();
      if ((b & 0xf0) == 0x80) {
        return b & 0x0f;
      }
      if (b == 0xde) {
        return (int) un(2);
      }
      if (b == 0xdf) {
        return (int) un(4);
      }
      throw new IllegalStateException("not a map: " + b);
    }

    String str() {
      int b = u8();
      int len;
      if ((b & 0xe0) == 0xa0) {
        len = b & 0x1f;
      } else if (b == 0xd9) {
        len = u8();
      } else if (b == 0xda) {
        len = (int) un(2);
      } else if (b == 0xdb) {
        len = (int) un(4);
      } else {
        throw new IllegalStateException("not a str: " + b);
      }
      String s = new String(d, at, len, StandardCharsets.UTF_8);
      at += len;
      return s;
    }

    /** Reads an integer or boolean (true 1, false 0), or skips another value and returns MIN. */
    long value() {
      int b = d[at] & 0xff;
      if (b < 0x80) {
        at++;
        return b;
      }
      if (b >= 0xe0) {
        at++;
        return (byte) b;
      }
      switch (b) {
        case 0xc2 -> {
          at++;
          return 0;
        }
        case 0xc3 -> {
          at++;
          return 1;
        }
        case 0xcc -> {
          at++;
          return un(1);
        }
        case 0xcd -> {
          at++;
          return un(2);
        }
        case 0xce -> {
          at++;
          return un(4);
        }
        case 0xcf, 0xd3 -> {
          at++;
          return un(8);
        }
        case 0xd0 -> {
          at++;
          return (byte) u8();
        }
        case 0xd1 -> {
          at++;
          return (short) un(2);
        }
        case 0xd2 -> {
          at++;
          return (int) un(4);
        }
        default -> {
          skip();
          return Long.MIN_VALUE;
        }
      }
    }

    int binHeader() {
      int b = u8();
      return switch (b) {
        case 0xc4 -> u8();
        case 0xc5 -> (int) un(2);
        case 0xc6 -> (int) un(4);
        default -> throw new IllegalStateException("not bin: " + b);
      };
    }

    void skip() {
      int b = u8();
      if (b < 0x80 || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
        return;
      }
      if ((b & 0xf0) == 0x80) {
        for (int i = 0; i < 2 * (b & 0x0f); i++) {
          skip();
        }
        return;
      }
      if ((b & 0xf0) == 0x90) {
        for (int i = 0; i < (b & 0x0f); i++) {
          skip();
        }
        return;
      }
      if ((b & 0xe0) == 0xa0) {
        at += b & 0x1f;
        return;
      }
      switch (b) {
        case 0xcc, 0xd0 -> at += 1;
        case 0xcd, 0xd1 -> at += 2;
        case 0xce, 0xd2, 0xca -> at += 4;
        case 0xcf, 0xd3, 0xcb -> at += 8;
        case 0xc4, 0xd9 -> at += u8();
        case 0xc5, 0xda -> at += (int) un(2);
        case 0xc6, 0xdb -> at += (int) un(4);
        case 0xdc -> {
          int n = (int) un(2);
          for (int i = 0; i < n; i++) {
            skip();
          }
        }
        case 0xde -> {
          int n = (int) un(2);
          for (int i = 0; i < 2 * n; i++) {
            skip();
          }
        }
        default -> throw new IllegalStateException("cannot skip " + b);
      }
    }
  }

  // ---- connections ----

  static final int OPENING = 0;
  static final int UPGRADING = 1;
  static final int AUTHENTICATING = 2;
  static final int OPEN = 3;
  static final int DEAD = 4;

  static final class Conn {
    final int index;
    final long user;
    SocketChannel channel;
    SelectionKey key;
    int state;
    byte[] pending;
    ByteBuffer out;
    long openedAt;
    long seq = 1;
    long lastPing;

    Conn(int index, long user) {
      this.index = index;
      this.user = user;
    }
  }

  static final class Worker implements Runnable {
    final int id;
    final String[] tokens;
    final Thread thread;
    final Selector selector;
    final List<Conn> mine = new ArrayList<>();
    final ByteBuffer readBuf = ByteBuffer.allocateDirect(256 * 1024);
    final byte[] readArr = new byte[256 * 1024];
    final Map<Long, Conn> byUser = new HashMap<>();
    long start;
    long chatStart;
    long chatSent;
    int nextToOpen;
    int unanswered;
    long[] latencies = new long[4_000_000];
    int latencyCount;
    long[] connectLatencies;
    int connectCount;

    Worker(int id, String[] tokens) throws IOException {
      this.id = id;
      this.tokens = tokens;
      this.selector = Selector.open();
      for (int i = id; i < tokens.length; i += threads) {
        Conn c = new Conn(i, firstUser + i);
        mine.add(c);
        byUser.put(c.user, c);
      }
      connectLatencies = new long[mine.size()];
      thread = new Thread(this, "harness-" + id);
    }

    void resetLatencies() {
      latencyCount = 0;
    }

    void printConnectLatency() {
      printPercentiles(
          "connect-to-AuthRsp latency (worker " + id + ")",
          Arrays.copyOf(connectLatencies, connectCount));
    }

    @Override
    public void run() {
      try {
        loop();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }

    void loop() throws Exception {
      double myRate = rate / threads;
      int myInFlight = Math.max(1, inFlight / threads);
      while (!stop) {
        long now = System.nanoTime();
        long due = (long) ((now - start) / 1e9 * myRate) + 1;
        while (nextToOpen < mine.size() && nextToOpen < due && unanswered < myInFlight) {
          open(mine.get(nextToOpen++), now);
        }
        if (chatting) {
          chat(now);
        } else if (hold > 0) {
          heartbeat(now);
        }
        selector.select(1);
        for (SelectionKey k : selector.selectedKeys()) {
          Conn c = (Conn) k.attachment();
          try {
            if (!k.isValid()) {
              continue;
            }
            if (k.isConnectable()) {
              c.channel.finishConnect();
              send(c, upgradeRequest().getBytes(StandardCharsets.US_ASCII), false);
              c.state = UPGRADING;
              k.interestOps(SelectionKey.OP_READ | (c.out != null ? SelectionKey.OP_WRITE : 0));
              continue;
            }
            if (k.isWritable()) {
              flush(c);
            }
            if (k.isReadable()) {
              read(c);
            }
          } catch (IOException | RuntimeException e) {
            die(c, true);
          }
        }
        selector.selectedKeys().clear();
      }
      for (Conn c : mine) {
        if (c.channel != null) {
          c.channel.close();
        }
      }
    }

    void open(Conn c, long now) {
      try {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
        byte[] src = {127, 0, 0, (byte) (2 + (c.index % sources))};
        ch.bind(new InetSocketAddress(InetAddress.getByAddress(src), 0));
        c.channel = ch;
        c.openedAt = now;
        c.state = OPENING;
        unanswered++;
        if (ch.connect(new InetSocketAddress(host, port))) {
          c.key = ch.register(selector, SelectionKey.OP_READ, c);
          send(c, upgradeRequest().getBytes(StandardCharsets.US_ASCII), false);
          c.state = UPGRADING;
        } else {
          c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
        }
      } catch (IOException e) {
        failed.incrementAndGet();
        unanswered--;
        c.state = DEAD;
      }
    }

    static String upgradeRequest() {
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      return "GET /ws HTTP/1.1\r\nHost: "
          + host
          + ":"
          + port
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: "
          + Base64.getEncoder().encodeToString(nonce)
          + "\r\n\r\n";
    }

    void send(Conn c, byte[] data, boolean frame) throws IOException {
      byte[] wire = frame ? maskedFrame(data) : data;
      if (c.out != null) {
        ByteBuffer grown = ByteBuffer.allocate(c.out.remaining() + wire.length);
        grown.put(c.out).put(wire).flip();
        c.out = grown;
        return;
      }
      ByteBuffer b = ByteBuffer.wrap(wire);
      c.channel.write(b);
      if (b.hasRemaining()) {
        c.out = b;
        if (c.key != null) {
          c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
        }
      }
    }

    void flush(Conn c) throws IOException {
      if (c.out != null) {
        c.channel.write(c.out);
        if (!c.out.hasRemaining()) {
          c.out = null;
          c.key.interestOps(SelectionKey.OP_READ);
        }
      }
    }

    static byte[] maskedFrame(byte[] payload) {
      int len = payload.length;
      int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
      byte[] f = new byte[header + 4 + len];
      f[0] = (byte) 0x82;
      if (len < 126) {
        f[1] = (byte) (0x80 | len);
      } else if (len < 65536) {
        f[1] = (byte) (0x80 | 126);
        f[2] = (byte) (len >> 8);
        f[3] = (byte) len;
      } else {
        f[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
          f[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
        }
      }
      int mask = ThreadLocalRandom.current().nextInt();
      byte[] m = {(byte) (mask >> 24), (byte) (mask >> 16), (byte) (mask >> 8), (byte) mask};
      System.arraycopy(m, 0, f, header, 4);
      for (int i = 0; i < len; i++) {
        f[header + 4 + i] = (byte) (payload[i] ^ m[i & 3]);
      }
      return f;
    }

    void read(Conn c) throws IOException {
      readBuf.clear();
      int n = c.channel.read(readBuf);
      if (n < 0) {
        die(c, true);
        return;
      }
      if (n == 0) {
        return;
      }
      readBuf.flip();
      byte[] data;
      int len;
      if (c.pending == null) {
        readBuf.get(readArr, 0, n);
        data = readArr;
        len = n;
      } else {
        data = Arrays.copyOf(c.pending, c.pending.length + n);
        readBuf.get(data, c.pending.length, n);
        len = data.length;
        c.pending = null;
      }
      int at = 0;
      if (c.state == UPGRADING) {
        int end = headerEnd(data, len);
        if (end < 0) {
          c.pending = Arrays.copyOf(data, len);
          return;
        }
        String head = new String(data, 0, end, StandardCharsets.US_ASCII);
        if (!head.startsWith("HTTP/1.1 101")) {
          refused.incrementAndGet();
          die(c, false);
          return;
        }
        c.state = AUTHENTICATING;
        send(c, authFrame(tokens[c.index]), true);
        at = end;
      }
      while (at < len) {
        if (len - at < 2) {
          break;
        }
        int b0 = data[at] & 0xff;
        int b1 = data[at + 1] & 0x7f;
        int hl = 2;
        long pl = b1;
        if (b1 == 126) {
          if (len - at < 4) {
            break;
          }
          pl = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
          hl = 4;
        } else if (b1 == 127) {
          if (len - at < 10) {
            break;
          }
          pl = 0;
          for (int i = 0; i < 8; i++) {
            pl = (pl << 8) | (data[at + 2 + i] & 0xff);
          }
          hl = 10;
        }
        if (len - at < hl + pl) {
          break;
        }
        int opcode = b0 & 0x0f;
        int p = at + hl;
        if (opcode == 2) {
          onFrame(c, data, p);
        } else if (opcode == 8) {
          closedByServer.incrementAndGet();
          die(c, false);
          return;
        }
        at += hl + (int) pl;
      }
      if (at < len) {
        c.pending = Arrays.copyOfRange(data, at, len);
      }
    }

    static int headerEnd(byte[] d, int len) {
      for (int i = 3; i < len; i++) {
        if (d[i] == '\n' && d[i - 1] == '\r' && d[i - 2] == '\n' && d[i - 3] == '\r') {
          return i + 1;
        }
      }
      return -1;
    }

    void onFrame(Conn c, byte[] data, int p) throws IOException {
      Unpack u = new Unpack(data, p);
      int entries = u.mapHeader();
      long type = -1;
      int payloadAt = -1;
      for (int i = 0; i < entries; i++) {
        String k = u.str();
        switch (k) {
          case "type" -> type = u.value();
          case "payload" -> {
            int blen = u.binHeader();
            payloadAt = u.at;
            u.at += blen;
          }
          default -> u.skip();
        }
      }
      if (type == 101) {
        Map<String, Object> m = fields(data, payloadAt);
        unanswered--;
        if (Long.valueOf(1).equals(m.get("success"))) {
          c.state = OPEN;
          long now = System.nanoTime();
          connectLatencies[connectCount++] = now - c.openedAt;
          c.lastPing = now;
          authenticated.incrementAndGet();
          lastAuthNanos = now;
        } else {
          refused.incrementAndGet();
          System.err.println("auth refused for user " + c.user + ": " + m.get("error"));
          die(c, false);
        }
      } else if (type == 102) {
        long now = System.nanoTime();
        Map<String, Object> m = fields(data, payloadAt);
        pushes.incrementAndGet();
        Object content = m.get("content");
        if (content instanceof String s && s.startsWith("ts:")) {
          int sp = s.indexOf(' ');
          long ts = Long.parseLong(sp < 0 ? s.substring(3) : s.substring(3, sp));
          if (latencyCount < latencies.length) {
            latencies[latencyCount++] = now - ts;
          }
        }
        if (ack && m.get("id") instanceof Long id && c.state == OPEN) {
          send(c, ackFrame(++c.seq, id), true);
        }
      } else if (type == 107) {
        chatAcks.incrementAndGet();
      } else if (type == 106) {
        long n = errors.incrementAndGet();
        if (n <= 5) {
          System.err.println("error frame: " + fields(data, payloadAt));
        }
      }
    }

    static Map<String, Object> fields(byte[] data, int at) {
      Map<String, Object> m = new HashMap<>();
      if (at < 0) {
        return m;
      }
      Unpack u = new Unpack(data, at);
      int n = u.mapHeader();
      for (int i = 0; i < n; i++) {
        String k = u.str();
        int b = data[u.at] & 0xff;
        if ((b & 0xe0) == 0xa0 || b == 0xd9 || b == 0xda || b == 0xdb) {
          m.put(k, u.str());
        } else {
          long v = u.value();
          if (v != Long.MIN_VALUE) {
            m.put(k, v);
          }
        }
      }
      return m;
    }

    void chat(long now) throws IOException {
      double myRate = chatRate / threads;
      long due = (long) ((now - chatStart) / 1e9 * myRate);
      int size = mine.size();
      int guard = 0;
      while (chatSent < due && guard++ < 10_000) {
        // Open loop: the n-th message goes at its scheduled time, whatever the replies do; the
        // latency counts from when it was due, so a late send is counted against the gateway.
        long scheduled = chatStart + (long) (chatSent / myRate * 1e9);
        Conn c = mine.get((int) (chatSent % size));
        chatSent++;
        if (c.state != OPEN) {
          continue;
        }
        long partnerUser = ((c.index & 1) == 0) ? c.user + 1 : c.user - 1;
        if (partnerUser < firstUser || partnerUser >= firstUser + conns) {
          continue;
        }
        send(c, chatFrame(++c.seq, partnerUser, "ts:" + scheduled + " hello there"), true);
        sent.incrementAndGet();
      }
    }

    void heartbeat(long now) throws IOException {
      // One connection per loop pass at most due: Pings every 30 s, as the client library does.
      for (int i = 0; i < 64; i++) {
        Conn c = mine.get(ThreadLocalRandom.current().nextInt(mine.size()));
        if (c.state == OPEN && now - c.lastPing > 30_000_000_000L) {
          c.lastPing = now;
          send(c, pingFrame(++c.seq), true);
        }
      }
    }

    void die(Conn c, boolean failure) {
      if (c.state == DEAD) {
        return;
      }
      if (c.state != OPEN) {
        unanswered--;
        if (failure) {
          failed.incrementAndGet();
        }
      } else if (failure) {
        closedByServer.incrementAndGet();
      }
      c.state = DEAD;
      try {
        c.channel.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
