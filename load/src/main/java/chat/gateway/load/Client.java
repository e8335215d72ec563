package chat.gateway.load;

import chat.gateway.codec.Decoded;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.load.net.WsConnection;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One simulated client: a WebSocket that, against the gateway, authenticates with a minted token
 * and then hands the scenario every decoded frame; against the echo server it is ready as soon as
 * it is open and hands over the raw echoed bytes. Optionally sends a Ping every interval. Runs on
 * its connection's loop thread.
 */
public final class Client implements WsConnection.Handler {

  /** What a scenario hears from its clients, on the loop thread. */
  public interface Listener {
    /** Authenticated (gateway) or open (echo): ready to send. */
    void ready(Client client);

    default void frame(Client client, ServerFrame frame) {}

    default void echo(Client client, byte[] data, int offset, int length) {}

    /** The connection ended, after or before being ready; {@code refused} holds an auth error. */
    default void closed(Client client, int code, String reason) {}
  }

  static final FrameCodec CODEC = new FrameCodec();

  /** Seq of the Auth request; scenario requests use their own. */
  static final long AUTH_SEQ = 1;

  /** Seqs of Pings, far from any scenario's. */
  static final long PING_SEQ = 1L << 50;

  public final long index;
  public final long user;
  private final Harness harness;
  private final Listener listener;
  WsConnection conn;
  long startNanos;
  public volatile long readyNanos;
  public volatile boolean ready;
  public volatile boolean closed;

  /** When the scenario meant to open this connection (System.nanoTime). */
  public volatile long intendedNanos;

  /** Which of the target URLs (mod their count) this client connects to. */
  public int urlIndex;

  /** Clients with the same key share a loop thread (a chat pair, a fan-out group). */
  public long loopKey;

  private long pingIntervalNanos;
  private long pingsSent;

  /** Free for the scenario. */
  public Object state;

  /** The resume point its Auth carries (the highest message id it holds), 0 for none. */
  public long resumeAfter;

  /**
   * A client that stops reading once authenticated, on a 4 KiB receive buffer: a stalled reader the
   * gateway must close as a slow consumer without slowing the others.
   */
  public boolean stall;

  public Client(Harness harness, long index, long user, Listener listener) {
    this.harness = harness;
    this.index = index;
    this.user = user;
    this.listener = listener;
    this.loopKey = index;
  }

  /** Sends a Ping every {@code nanos} once ready, the first after a random part of it. */
  public Client heartbeat(long nanos) {
    this.pingIntervalNanos = nanos;
    return this;
  }

  public long startNanos() {
    return startNanos;
  }

  public WsConnection connection() {
    return conn;
  }

  public void send(long seq, ClientPayload payload) {
    conn.sendBinary(CODEC.encode(new ClientFrame(seq, payload)));
  }

  public void sendRaw(byte[] frame) {
    conn.sendBinary(frame);
  }

  public void close() {
    if (conn != null) {
      conn.close(1000);
    }
  }

  @Override
  public void onOpen(WsConnection connection) {
    this.conn = connection;
    if (harness.gateway()) {
      send(AUTH_SEQ, new ClientPayload.Auth(harness.token(user), resumeAfter));
    } else {
      becomeReady();
    }
  }

  private void becomeReady() {
    readyNanos = System.nanoTime();
    ready = true;
    harness.connected(this);
    if (stall) {
      conn.pauseReading();
      listener.ready(this);
      return;
    }
    if (pingIntervalNanos > 0 && harness.gateway()) {
      long first = readyNanos + ThreadLocalRandom.current().nextLong(pingIntervalNanos);
      conn.loop().at(first, this::ping);
    }
    listener.ready(this);
  }

  private void ping() {
    if (closed) {
      return;
    }
    send(PING_SEQ + pingsSent++, new ClientPayload.Ping());
    harness.count("pings_sent");
    conn.loop().at(System.nanoTime() + pingIntervalNanos, this::ping);
  }

  @Override
  public void onMessage(WsConnection connection, byte[] data, int offset, int length) {
    if (!harness.gateway()) {
      listener.echo(this, data, offset, length);
      return;
    }
    Decoded<ServerFrame> decoded = CODEC.decodeServer(data, offset, length);
    if (!(decoded instanceof Decoded.Ok<ServerFrame> ok)) {
      harness.count("undecodable_frames");
      return;
    }
    ServerFrame frame = ok.frame();
    switch (frame.payload()) {
      case ServerPayload.AuthRsp rsp -> {
        if (rsp.success()) {
          becomeReady();
        } else {
          harness.count("auth_refused");
          harness.report.put("last_auth_error", rsp.error().orElse(""));
          connection.close(1000);
        }
      }
      case ServerPayload.Pong pong -> harness.count("pongs");
      case ServerPayload.PresencePush push -> harness.count("presence_pushes");
      case ServerPayload.ReceiptPush receipt -> harness.count("receipt_pushes");
      case ServerPayload.Error error -> {
        harness.count("error." + error.code());
        listener.frame(this, frame);
      }
      default -> listener.frame(this, frame);
    }
  }

  @Override
  public void onClose(WsConnection connection, int code, String reason) {
    closed = true;
    harness.count("closed." + code);
    harness.disconnected(this, code, reason);
    listener.closed(this, code, reason);
  }
}
