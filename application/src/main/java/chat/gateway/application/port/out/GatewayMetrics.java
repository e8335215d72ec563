package chat.gateway.application.port.out;

import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.protocol.FrameType;

/**
 * What the gateway counts and times for its operators. Every method is called on the thread where
 * the event happens, often an I/O thread or under a connection's lock: an implementation returns at
 * once, never blocks, never throws, and keeps every label it derives from an argument within a
 * bounded set (no user ids, no free text). The order of calls carries no meaning.
 */
public interface GatewayMetrics {

  /** The outside services whose calls are timed. */
  enum Backend {
    /** The message store (PostgreSQL, or the embedded store). */
    STORE,
    /** The cluster state (the routing table, presence, watch lists) in Redis. */
    REDIS,
    /** The event bus between instances (Kafka). */
    KAFKA
  }

  /** Why a request was refused for the rate limit. */
  enum RateLimitAction {
    /** The frame was over the connection's rate and dropped, with a WS_RATE_LIMITED reply. */
    DROPPED,
    /** Too many of the connection's requests were waiting; the frame was dropped unread. */
    IN_FLIGHT,
    /** The connection kept sending far over its rate and was closed (4400). */
    CLOSED
  }

  /** How a chat reached a recipient's connection. */
  enum PushPath {
    /** As it was stored. */
    LIVE,
    /** From the backlog, after a login. */
    LOGIN
  }

  /** A WebSocket connection was upgraded (before its Auth). */
  void connectionOpened();

  /**
   * A connection ended with {@code code}: the close code the gateway sent, else the one the client
   * sent, else 1006 (the socket was cut). An implementation maps codes it does not know to one
   * value.
   */
  void connectionClosed(int code);

  /** An Auth was accepted. */
  void authAccepted();

  /**
   * An Auth was refused for {@code reason}, the text the client is told. An implementation maps the
   * reasons it does not know to one value.
   */
  void authRejected(String reason);

  /** An Auth could be neither accepted nor refused: the token verifier was out of reach. */
  void authUnavailable();

  /** A frame of {@code type}, {@code bytes} long, was received and decoded. */
  void frameReceived(FrameType type, int bytes);

  /** A frame of {@code bytes} could not be decoded (or was a text frame) and was refused. */
  void frameRefused(int bytes);

  /** A frame of {@code type}, {@code bytes} long, was handed to the socket to be written. */
  void frameSent(FrameType type, int bytes);

  /** A connection was closed as a slow consumer (4002, or cut when a write stalled). */
  void slowConsumerClosed();

  /** A request was refused for the rate limit. */
  void rateLimited(RateLimitAction action);

  /** A chat was stored for the first time (a retry with the same client message id is not). */
  void messageStored();

  /** {@code count} copies of a chat were queued to connections, by {@code path}. */
  void messagesPushed(PushPath path, int count);

  /**
   * A chat was queued, as it was stored, to at least one connection on this instance, {@code nanos}
   * after the gateway accepted it (its {@code createdAt}, at millisecond precision): once per chat,
   * however many connections it was queued to. Across instances it includes the event bus and the
   * instances' clock difference; a negative delay (a clock behind) counts as zero.
   */
  void chatPushDelay(long nanos);

  /** A recipient's Ack moved a message to {@code status} (delivered or read). */
  void messageAcknowledged(DeliveryStatus status);

  /** A page of the login push's backlog was read from the store. */
  void loginPushPage();

  /** A SyncRsp page was read from the store. */
  void syncPage();

  /**
   * A call to {@code backend} took {@code nanos}; {@code operation} is the port method's name, and
   * {@code failed} whether it threw (or its future failed).
   */
  void call(Backend backend, String operation, long nanos, boolean failed);

  /** Metrics that count nothing: for tests, and for a core built without them. */
  static GatewayMetrics none() {
    return Off.INSTANCE;
  }

  /** The implementation of {@link #none()}. */
  enum Off implements GatewayMetrics {
    INSTANCE;

    @Override
    public void connectionOpened() {}

    @Override
    public void connectionClosed(int code) {}

    @Override
    public void authAccepted() {}

    @Override
    public void authRejected(String reason) {}

    @Override
    public void authUnavailable() {}

    @Override
    public void frameReceived(FrameType type, int bytes) {}

    @Override
    public void frameRefused(int bytes) {}

    @Override
    public void frameSent(FrameType type, int bytes) {}

    @Override
    public void slowConsumerClosed() {}

    @Override
    public void rateLimited(RateLimitAction action) {}

    @Override
    public void messageStored() {}

    @Override
    public void messagesPushed(PushPath path, int count) {}

    @Override
    public void chatPushDelay(long nanos) {}

    @Override
    public void messageAcknowledged(DeliveryStatus status) {}

    @Override
    public void loginPushPage() {}

    @Override
    public void syncPage() {}

    @Override
    public void call(Backend backend, String operation, long nanos, boolean failed) {}
  }
}
