package chat.gateway.adapters.ws;

import chat.gateway.application.log.RepeatLog;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * The slow consumers this adapter closes (4002), one line per kind and minute across every
 * connection, each with what to do: a network hiccup can make thousands of clients slow at once.
 */
final class SlowConsumerLog {

  /** Every connection's queued bytes together reached GATEWAY_SEND_BUFFER_TOTAL. */
  static final String BUFFER_FULL = "the gateway's send buffer is full";

  /** One connection's queue would pass GATEWAY_SEND_QUEUE_BYTES. */
  static final String QUEUE_BYTES = "its send queue would pass GATEWAY_SEND_QUEUE_BYTES";

  /** One connection's queue stayed past GATEWAY_SEND_QUEUE frames for GATEWAY_WRITE_TIMEOUT. */
  static final String QUEUE_FRAMES = "its send queue stayed past GATEWAY_SEND_QUEUE frames";

  /** A write to the socket did not complete within GATEWAY_WRITE_TIMEOUT. */
  static final String WRITE_STALLED = "a write stalled past GATEWAY_WRITE_TIMEOUT";

  private static final RepeatLog SHARED =
      RepeatLog.onSystemClock(
          System.getLogger(WsTransport.class.getName()),
          Level.WARNING,
          "closed a slow consumer (4002)",
          SlowConsumerLog::advice,
          Duration.ofMinutes(1));

  private SlowConsumerLog() {}

  /** A connection from {@code remote} is closed as a slow consumer, of {@code kind}. */
  static void closing(String kind, String remote, String detail) {
    SHARED.record(kind, remote + ": " + detail);
  }

  static String advice(String kind) {
    if (kind.equals(BUFFER_FULL)) {
      return "many clients are far behind at once: look at the network and this instance's CPU,"
          + " or raise GATEWAY_SEND_BUFFER_TOTAL if the heap allows";
    }
    return "the client does not read as fast as it is sent to: one client again and again points"
        + " at that client or its link, many at once at the network or this instance's CPU";
  }
}
