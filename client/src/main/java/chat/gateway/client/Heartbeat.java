package chat.gateway.client;

import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;

/**
 * The heartbeat of one link, run on the event thread: from the socket's opening a watchdog reports
 * the link lost when no frame of any kind arrived for the pong timeout; once authenticated, a Ping
 * goes out every interval, so that the gateway's read timeout never fires and its Pongs keep the
 * watchdog quiet.
 */
final class Heartbeat {

  private final EventLoop events;
  private final Link link;
  private final LinkEvents handler;
  private final Duration interval;
  private final Duration pongTimeout;
  private final LongSupplier seqs;
  private ScheduledFuture<?> watchdog;
  private ScheduledFuture<?> pinger;
  private boolean stopped;

  Heartbeat(
      EventLoop events,
      Link link,
      LinkEvents handler,
      Duration interval,
      Duration pongTimeout,
      LongSupplier seqs) {
    this.events = events;
    this.link = link;
    this.handler = handler;
    this.interval = interval;
    this.pongTimeout = pongTimeout;
    this.seqs = seqs;
  }

  /** Arms the watchdog; call when the socket opened. */
  void watch() {
    watchdog = events.schedule(this::check, pongTimeout);
  }

  /** Starts pinging; call when the gateway accepted the token. */
  void startPinging() {
    if (!stopped) {
      pinger = events.every(interval, this::ping);
    }
  }

  void stop() {
    stopped = true;
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    if (pinger != null) {
      pinger.cancel(false);
    }
  }

  private void ping() {
    // A failed write reports the link lost by itself; nothing to do with the result here.
    link.write(new ClientFrame(seqs.getAsLong(), new ClientPayload.Ping()));
  }

  private void check() {
    if (stopped) {
      return;
    }
    // Re-armed for the quiet time left rather than pushed back on every frame: one volatile
    // write per frame instead of a timer operation.
    Duration quiet = Duration.ofNanos(System.nanoTime() - link.lastFrameNanos());
    if (quiet.compareTo(pongTimeout) >= 0) {
      handler.linkLost(
          link,
          CloseAdvice.ABNORMAL_CLOSURE,
          "no frame from the gateway for " + pongTimeout.toMillis() + " ms (pong timeout)");
    } else {
      watchdog = events.schedule(this::check, pongTimeout.minus(quiet));
    }
  }
}
