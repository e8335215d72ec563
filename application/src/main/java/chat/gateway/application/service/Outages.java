package chat.gateway.application.service;

import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.application.port.out.EventBusUnavailableException;
import chat.gateway.application.port.out.MessageStoreUnavailableException;
import chat.gateway.application.port.out.TokenVerifierUnavailableException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outages of the outbound adapters as the connections meet them: each is logged once when a
 * request first fails on it, with what to do, and once when a request succeeds on it again, instead
 * of a stack trace per request and connection. An outage is known by the port's {@code
 * ...UnavailableException}. Safe from many threads.
 */
public final class Outages {

  /** An outbound adapter that can be out, with what to do about it. */
  public enum Adapter {
    MESSAGE_STORE(
        MessageStoreUnavailableException.class,
        "the message store",
        "chats, receipts and sync are refused with WS_INTERNAL_ERROR until it is back; check the"
            + " database (GATEWAY_DB_URL): is it up, reachable, and not out of connections or disk?"),
    CLUSTER_STATE(
        ClusterStateUnavailableException.class,
        "the cluster state",
        "logins and presence requests fail until it is back; check Redis (GATEWAY_REDIS_URL): is"
            + " it up and reachable within GATEWAY_REDIS_TIMEOUT?"),
    EVENT_BUS(
        EventBusUnavailableException.class,
        "the event bus",
        "pushes to other instances wait for sync; check Kafka (GATEWAY_KAFKA_BOOTSTRAP): are the"
            + " brokers up and reachable?"),
    TOKEN_VERIFIER(
        TokenVerifierUnavailableException.class,
        "token verification",
        "logins are refused with close code 4000 and clients retry; check that the key set"
            + " (GATEWAY_JWT_JWKS) answers from this host");

    private final Class<? extends RuntimeException> failure;
    private final String what;
    private final String advice;

    Adapter(Class<? extends RuntimeException> failure, String what, String advice) {
      this.failure = failure;
      this.what = what;
      this.advice = advice;
    }
  }

  private static final System.Logger LOG = System.getLogger(Outages.class.getName());

  private static final int MAX_DEPTH = 16;

  private final Map<Adapter, OutageLog> logs = new EnumMap<>(Adapter.class);

  public Outages() {
    for (Adapter adapter : Adapter.values()) {
      logs.put(adapter, new OutageLog(LOG, adapter.what, adapter.advice));
    }
  }

  /**
   * Whether {@code error}, or one of its causes, is an adapter's outage; if so it is logged when
   * the outage starts, and the caller need not log it again. False for any other failure, which the
   * caller logs.
   */
  public boolean failed(Throwable error) {
    Optional<Outage> outage = outage(error);
    outage.ifPresent(out -> logs.get(out.adapter()).failed(out.failure()));
    return outage.isPresent();
  }

  /** A call on {@code adapter} succeeded: if it was out, that it works again is logged. */
  public void succeeded(Adapter adapter) {
    logs.get(adapter).succeeded();
  }

  static Optional<Adapter> adapterOf(Throwable error) {
    return outage(error).map(Outage::adapter);
  }

  private static Optional<Outage> outage(Throwable error) {
    Throwable cause = error;
    // Bounded: a chain of causes may loop.
    for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
      for (Adapter adapter : Adapter.values()) {
        if (adapter.failure.isInstance(cause)) {
          return Optional.of(new Outage(adapter, cause));
        }
      }
    }
    return Optional.empty();
  }

  /** An adapter's outage and its own exception, whose message says what failed there. */
  private record Outage(Adapter adapter, Throwable failure) {}
}
