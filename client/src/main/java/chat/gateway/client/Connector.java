package chat.gateway.client;

import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerPayload;
import java.net.http.HttpClient;
import java.util.function.LongSupplier;

/**
 * Opens a link: the socket, then the Auth exchange with a token fresh from the supplier. Reports
 * the outcome on the event thread, to an {@link Outcome}: accepted, refused, or the link lost.
 */
final class Connector {

  /** Where a connection attempt ends up, besides the link events. */
  interface Outcome extends LinkEvents {

    /** The gateway accepted the token: {@code user} is connected on {@code link}. */
    void accepted(Link link, UserId user);

    /**
     * Authentication failed: the gateway refused the token ({@link GatewayErrorException}), or the
     * token supplier failed, or the exchange did. The link is lost, or will be shortly.
     */
    void refused(Link link, Throwable cause);
  }

  private final ClientSettings settings;
  private final EventLoop events;
  private final HttpClient http;
  private final FrameCodec codec;
  private final LongSupplier seqs;
  private final Outcome outcome;

  Connector(
      ClientSettings settings,
      EventLoop events,
      HttpClient http,
      FrameCodec codec,
      LongSupplier seqs,
      Outcome outcome) {
    this.settings = settings;
    this.events = events;
    this.http = http;
    this.codec = codec;
    this.seqs = seqs;
    this.outcome = outcome;
  }

  /** Opens {@code next}'s socket; {@code heartbeat} starts watching it once it is open. */
  void open(Link next, Heartbeat heartbeat) {
    http.newWebSocketBuilder()
        .connectTimeout(settings.connectTimeout())
        .buildAsync(settings.uri(), new LinkListener(next, codec, events, outcome))
        .whenComplete((socket, error) -> events.submit(() -> opened(next, heartbeat, error)));
  }

  private void opened(Link next, Heartbeat heartbeat, Throwable error) {
    if (error != null) {
      outcome.linkLost(
          next,
          CloseAdvice.ABNORMAL_CLOSURE,
          "cannot connect to " + settings.uri() + ": " + Failures.describe(error));
      return;
    }
    if (next.isLost()) {
      return;
    }
    heartbeat.watch();
    String token;
    try {
      token = settings.token().get();
    } catch (RuntimeException e) {
      abandon(next, e);
      return;
    }
    ClientFrame auth = new ClientFrame(seqs.getAsLong(), new ClientPayload.Auth(token));
    next.request(auth, FrameType.AUTH_RSP)
        .whenCompleteAsync((reply, failure) -> answered(next, reply, failure), events::submit);
  }

  private void answered(Link next, ServerPayload reply, Throwable failure) {
    if (next.isLost()) {
      return;
    }
    if (failure != null) {
      abandon(next, Failures.unwrap(failure));
      return;
    }
    ServerPayload.AuthRsp answer = (ServerPayload.AuthRsp) reply;
    if (answer.success()) {
      outcome.accepted(next, answer.userId().orElseThrow());
    } else {
      // The gateway closes the socket itself (1008); the watchdog covers one that does not.
      outcome.refused(
          next, GatewayErrorException.ofAuthError(answer.error().orElse("token refused")));
    }
  }

  /** Authentication cannot go on: reports why, then closes the link. */
  private void abandon(Link next, Throwable cause) {
    outcome.refused(next, cause);
    next.closeNormally("authentication failed");
    if (!next.isLost()) {
      outcome.linkLost(
          next, CloseAdvice.NORMAL_CLOSURE, "authentication failed: " + Failures.describe(cause));
    }
  }
}
