package chat.gateway.application.session;

import chat.gateway.application.log.RepeatLog;
import chat.gateway.application.port.out.LogContext;
import chat.gateway.application.service.Outages;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.Limits;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How sessions log: each line of a connection's work tagged with its ids ({@link LogContext}), and
 * the events that come in bursts across connections (refused tokens, closes that need an operator,
 * adapter outages) as one line with what to do, not one per connection. docs/operations.md lists
 * these lines.
 */
record SessionLogs(LogContext context, RepeatLog authFailures, RepeatLog closes, Outages outages) {

  /** How often, at most, a line of {@link #authFailures} or {@link #closes} repeats per kind. */
  static final Duration INTERVAL = Duration.ofMinutes(1);

  private static final System.Logger LOG = System.getLogger(ConnectionSession.class.getName());

  static SessionLogs create(
      LogContext context, InstantSource clock, ScheduledExecutorService timers, Limits limits) {
    RepeatLog.Scheduler scheduler =
        (task, delay) -> timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return new SessionLogs(
        context,
        new RepeatLog(
            LOG,
            Level.WARNING,
            "auth refused",
            SessionLogs::authAdvice,
            INTERVAL,
            clock,
            scheduler),
        new RepeatLog(
            LOG,
            Level.WARNING,
            "closed",
            kind -> closeAdvice(kind, limits),
            INTERVAL,
            clock,
            scheduler),
        new Outages());
  }

  /** The closes an operator may have to act on, counted by {@link #closes}; others: empty. */
  static Optional<String> kindOf(CloseReason reason) {
    return switch (reason) {
      case SLOW_CONSUMER, REPLACED, POLICY_VIOLATION ->
          Optional.of(reason.code() + " " + reason.description());
      case PEER_CLOSED,
          GOING_AWAY,
          INTERNAL_ERROR,
          READ_TIMEOUT,
          AUTH_TIMEOUT,
          SERVER_FULL,
          AUTH_FAILED,
          FRAME_TOO_LARGE,
          KICKED ->
          Optional.empty();
    };
  }

  private static String closeAdvice(String kind, Limits limits) {
    if (kind.startsWith(CloseReason.SLOW_CONSUMER.code() + " ")) {
      return "the client did not read its frames in time (GATEWAY_SEND_QUEUE,"
          + " GATEWAY_SEND_QUEUE_BYTES, GATEWAY_WRITE_TIMEOUT); many at once point at the network"
          + " or this instance's CPU, the same client again and again at that client";
    }
    if (kind.startsWith(CloseReason.REPLACED.code() + " ")) {
      return "a user opened more than GATEWAY_MAX_CONNECTIONS_PER_USER ("
          + limits.maxConnectionsPerUser()
          + ") connections and the oldest was closed; if this keeps happening two clients share"
          + " a user or a client reconnects without closing, else raise the limit";
    }
    if (kind.startsWith(CloseReason.POLICY_VIOLATION.code() + " ")) {
      return "a client kept sending past GATEWAY_RATE_LIMIT/GATEWAY_RATE_BURST; find the client"
          + " (the first line names its connection) and fix it, or raise the limit";
    }
    return "see docs/operations.md";
  }

  /** What to do about a refusal, by the verifier's reason. */
  static String authAdvice(String reason) {
    String lower = reason.toLowerCase(Locale.ROOT);
    if (lower.contains("expired") || lower.contains("not yet valid")) {
      return "check the clocks of the token issuer and of this host (GATEWAY_JWT_CLOCK_SKEW), and"
          + " that clients fetch a new token before theirs expires";
    }
    if (lower.contains("signature")
        || lower.contains("signing key")
        || lower.contains("algorithm")) {
      return "check that the issuer signs with the key this gateway has (GATEWAY_JWT_SECRET, or a"
          + " key of GATEWAY_JWT_JWKS) and an allowed algorithm";
    }
    if (lower.contains("issuer") || lower.contains("audience") || lower.contains("aud claim")) {
      return "check that GATEWAY_JWT_ISSUER and GATEWAY_JWT_AUDIENCE match what the issuer puts in"
          + " its tokens";
    }
    if (lower.contains("unknown user")) {
      return "the token's subject is not a user this gateway knows (GATEWAY_USERS, or the users"
          + " table): add the user, or check that the issuer and the gateway share a user list";
    }
    return "clients send tokens this gateway refuses: if this is not an attack, compare the"
        + " issuer's tokens with the GATEWAY_JWT_* settings";
  }
}
