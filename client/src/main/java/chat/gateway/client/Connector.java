package chat.gateway.client;

import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerPayload;
import java.net.http.HttpClient;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
     * Authentication failed for good: the gateway refused the token ({@link GatewayErrorException}
     * with {@code WS_AUTH_FAILED}), or the token supplier failed. The link is lost, or will be
     * shortly; trying again with the same supplier would fail the same way.
     */
    void refused(Link link, Throwable cause);

    /**
     * The gateway could not check the token just now (e.g. its key source is unreachable) and said
     * so; it closes the connection next, and its close code tells whether to try again.
     */
    void authUnavailable(Link link, GatewayErrorException error);
  }

  private final ClientSettings settings;
  private final EventLoop events;
  private final HttpClient http;
  private final Executor tokenExecutor;
  private final FrameCodec codec;
  private final LongSupplier seqs;
  private final LongSupplier resumePoint;
  private final Outcome outcome;

  Connector(
      ClientSettings settings,
      EventLoop events,
      HttpClient http,
      Executor tokenExecutor,
      FrameCodec codec,
      LongSupplier seqs,
      LongSupplier resumePoint,
      Outcome outcome) {
    this.settings = settings;
    this.events = events;
    this.http = http;
    this.tokenExecutor = tokenExecutor;
    this.codec = codec;
    this.seqs = seqs;
    this.resumePoint = resumePoint;
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
      // A certificate this client does not trust stays untrusted: no use trying again.
      int code =
          Failures.causedBy(error, CertificateException.class)
              ? CloseAdvice.TLS_HANDSHAKE_FAILURE
              : CloseAdvice.ABNORMAL_CLOSURE;
      outcome.linkLost(
          next, code, "cannot connect to " + settings.uri() + ": " + Failures.describe(error));
      return;
    }
    if (next.isLost()) {
      return;
    }
    heartbeat.watch();
    // Off the event thread: a supplier may fetch a fresh token over the network.
    CompletableFuture.supplyAsync(settings.token(), tokenExecutor)
        .whenCompleteAsync((token, failure) -> authenticate(next, token, failure), events::submit);
  }

  private void authenticate(Link next, String token, Throwable failure) {
    if (next.isLost()) {
      return;
    }
    if (failure != null || token == null) {
      Throwable cause =
          failure == null
              ? new IllegalStateException("the token supplier returned null")
              : Failures.unwrap(failure);
      abandon(next, new IllegalStateException("no token: " + Failures.describe(cause), cause));
      return;
    }
    ClientFrame auth =
        new ClientFrame(seqs.getAsLong(), new ClientPayload.Auth(token, resumePoint.getAsLong()));
    next.request(auth, FrameType.AUTH_RSP)
        .whenCompleteAsync((reply, error) -> answered(next, reply, error), events::submit);
  }

  private void answered(Link next, ServerPayload reply, Throwable failure) {
    if (next.isLost()) {
      return;
    }
    if (failure != null) {
      Throwable cause = Failures.unwrap(failure);
      if (cause instanceof GatewayErrorException error
          && error.code() != ErrorCode.WS_AUTH_FAILED) {
        outcome.authUnavailable(next, error);
      } else if (!(cause instanceof ConnectionClosedException)) {
        abandon(next, cause);
      }
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
