package chat.gateway.adapters.admin;

import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.protocol.FrameType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@link GatewayMetrics} as Micrometer meters in a Prometheus registry, plus the JVM's own figures.
 * Every label takes its values from a bounded set: frame types, close codes (unknown ones as {@code
 * other}), auth reasons (unknown ones as {@code other}), backends and port method names. The meters
 * are created up front where the set is known, so counting costs a map lookup and an add.
 *
 * <p>The names, as Prometheus shows them, are listed in docs/operations.md.
 */
public final class MicrometerGatewayMetrics implements GatewayMetrics, AutoCloseable {

  /** The label value of a close code or auth reason outside the known set. */
  static final String OTHER = "other";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final Counter opened;
  private final Map<String, Counter> closedByCode = new ConcurrentHashMap<>();
  private final Counter authAccepted;
  private final Counter authUnavailable;
  private final Map<String, Counter> authRejected = new ConcurrentHashMap<>();
  private final Map<FrameType, Counter> framesIn = new EnumMap<>(FrameType.class);
  private final Map<FrameType, Counter> framesOut = new EnumMap<>(FrameType.class);
  private final Counter framesRefused;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Counter slowConsumers;
  private final Map<RateLimitAction, Counter> rateLimited = new EnumMap<>(RateLimitAction.class);
  private final Counter stored;
  private final Map<PushPath, Counter> pushed = new EnumMap<>(PushPath.class);
  private final Timer pushDelay;
  private final Counter delivered;
  private final Counter read;
  private final Counter loginPushPages;
  private final Counter syncPages;
  private final Map<Backend, Map<String, Timer>> calls = new EnumMap<>(Backend.class);

  public MicrometerGatewayMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);

    opened = counter("gateway.connections.opened", "WebSocket connections upgraded");
    for (String code : CloseCodes.LABELS) {
      closedByCode.put(code, closed(code));
    }
    authAccepted = auth("accepted", "none");
    authUnavailable = auth("unavailable", "none");
    for (String reason : AuthReasons.LABELS) {
      authRejected.put(reason, auth("rejected", reason));
    }
    for (FrameType type : FrameType.values()) {
      String label = type.name().toLowerCase(Locale.ROOT);
      if (type.fromClient()) {
        framesIn.put(type, frames("gateway.frames.received", "Frames received", label));
      } else {
        framesOut.put(type, frames("gateway.frames.sent", "Frames handed to sockets", label));
      }
    }
    framesRefused = frames("gateway.frames.received", "Frames received", "invalid");
    bytesIn = bytes("gateway.received", "Bytes of WebSocket messages received");
    bytesOut = bytes("gateway.sent", "Bytes of WebSocket messages handed to sockets");
    slowConsumers =
        counter("gateway.slow.consumer.closes", "Connections closed for not reading in time");
    for (RateLimitAction action : RateLimitAction.values()) {
      rateLimited.put(
          action,
          Counter.builder("gateway.rate.limited")
              .description("Requests refused for the rate limit, by what was done")
              .tag("action", action.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    stored = counter("gateway.messages.stored", "Chats stored for the first time");
    for (PushPath path : PushPath.values()) {
      pushed.put(
          path,
          Counter.builder("gateway.messages.pushed")
              .description("Chats queued to recipients' connections, live or from the backlog")
              .tag("path", path.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    pushDelay =
        Timer.builder("gateway.chat.push.delay")
            .description("From a chat's acceptance to its queueing to a connection, as stored")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    delivered = counter("gateway.messages.delivered", "Acks that moved a message to delivered");
    read = counter("gateway.messages.read", "Acks that moved a message to read");
    loginPushPages = counter("gateway.login.push.pages", "Backlog pages read for login pushes");
    syncPages = counter("gateway.sync.pages", "SyncRsp pages read");
    for (Backend backend : Backend.values()) {
      calls.put(backend, new ConcurrentHashMap<>());
    }
  }

  /** The figures in Prometheus's text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  /** Open sockets and authenticated connections and users on this instance, read at each scrape. */
  public void watchConnections(
      IntSupplier openSockets, IntSupplier authenticated, IntSupplier users) {
    Gauge.builder("gateway.connections.open", openSockets::getAsInt)
        .description("Open WebSocket connections, authenticated or not")
        .register(registry);
    Gauge.builder("gateway.connections.authenticated", authenticated::getAsInt)
        .description("Authenticated connections")
        .register(registry);
    Gauge.builder("gateway.users.online", users::getAsInt)
        .description("Users with at least one authenticated connection to this instance")
        .register(registry);
  }

  /** Bytes queued for writing across every connection, read at each scrape. */
  public void watchSendQueue(LongSupplier queuedBytes) {
    Gauge.builder("gateway.send.queue", queuedBytes::getAsLong)
        .description("Bytes queued to be written to clients, across every connection")
        .baseUnit("bytes")
        .register(registry);
  }

  /** 1 while {@code /readyz} answers 200, 0 otherwise; read at each scrape. */
  public void watchReadiness(BooleanSupplier ready) {
    Gauge.builder("gateway.ready", () -> ready.getAsBoolean() ? 1 : 0)
        .description("1 while /readyz answers ready, 0 while starting, draining or a store is down")
        .register(registry);
  }

  /**
   * The instance's bounds, so alerts can compare with them: the connections it accepts
   * (GATEWAY_MAX_CONNECTIONS) and the bytes it queues for writing (GATEWAY_SEND_BUFFER_TOTAL).
   */
  public void watchLimits(int maxConnections, long sendBufferBytes) {
    Gauge.builder("gateway.connections.max", () -> maxConnections)
        .description("Connections this instance accepts (GATEWAY_MAX_CONNECTIONS)")
        .register(registry);
    Gauge.builder("gateway.send.queue.limit", () -> sendBufferBytes)
        .description("Bytes this instance queues for writing at most (GATEWAY_SEND_BUFFER_TOTAL)")
        .baseUnit("bytes")
        .register(registry);
  }

  /** The Kafka consumer's largest lag over its partitions, in records; empty: not known yet. */
  public void watchKafkaLag(Supplier<OptionalDouble> lag) {
    Gauge.builder("gateway.kafka.consumer.lag", () -> lag.get().orElse(Double.NaN))
        .description("Largest lag of the event-bus consumer over its partitions (records-lag-max)")
        .baseUnit("records")
        .register(registry);
  }

  @Override
  public void connectionOpened() {
    opened.increment();
  }

  @Override
  public void connectionClosed(int code) {
    closedByCode.get(CloseCodes.label(code)).increment();
  }

  @Override
  public void authAccepted() {
    authAccepted.increment();
  }

  @Override
  public void authRejected(String reason) {
    authRejected.get(AuthReasons.label(reason)).increment();
  }

  @Override
  public void authUnavailable() {
    authUnavailable.increment();
  }

  @Override
  public void frameReceived(FrameType type, int bytes) {
    Counter counter = framesIn.get(type);
    (counter == null ? framesRefused : counter).increment();
    bytesIn.increment(bytes);
  }

  @Override
  public void frameRefused(int bytes) {
    framesRefused.increment();
    bytesIn.increment(bytes);
  }

  @Override
  public void frameSent(FrameType type, int bytes) {
    Counter counter = framesOut.get(type);
    if (counter != null) {
      counter.increment();
    }
    bytesOut.increment(bytes);
  }

  @Override
  public void slowConsumerClosed() {
    slowConsumers.increment();
  }

  @Override
  public void rateLimited(RateLimitAction action) {
    rateLimited.get(action).increment();
  }

  @Override
  public void messageStored() {
    stored.increment();
  }

  @Override
  public void messagesPushed(PushPath path, int count) {
    pushed.get(path).increment(count);
  }

  @Override
  public void chatPushDelay(long nanos) {
    pushDelay.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void messageAcknowledged(DeliveryStatus status) {
    switch (status) {
      case DELIVERED -> delivered.increment();
      case READ -> read.increment();
      case SENT -> {}
    }
  }

  @Override
  public void loginPushPage() {
    loginPushPages.increment();
  }

  @Override
  public void syncPage() {
    syncPages.increment();
  }

  @Override
  public void call(Backend backend, String operation, long nanos, boolean failed) {
    String key = failed ? operation + "/error" : operation;
    calls
        .get(backend)
        .computeIfAbsent(key, k -> timer(backend, operation, failed))
        .record(Duration.ofNanos(nanos));
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }

  private Timer timer(Backend backend, String operation, boolean failed) {
    String name = backend.name().toLowerCase(Locale.ROOT);
    return Timer.builder("gateway." + name + ".call")
        .description("Calls to the " + name + " through its port, by method")
        .tag("operation", operation)
        .tag("outcome", failed ? "error" : "ok")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  private Counter closed(String code) {
    return Counter.builder("gateway.connections.closed")
        .description("WebSocket connections ended, by close code (1006: cut without a close)")
        .tag("code", code)
        .register(registry);
  }

  private Counter auth(String outcome, String reason) {
    return Counter.builder("gateway.auth")
        .description("Auth frames answered, by outcome and reason of a refusal")
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry);
  }

  private Counter frames(String name, String description, String type) {
    return Counter.builder(name).description(description).tag("type", type).register(registry);
  }

  private Counter bytes(String name, String description) {
    return Counter.builder(name).description(description).baseUnit("bytes").register(registry);
  }

  /** For tests: the registry itself. */
  MeterRegistry registry() {
    return registry;
  }
}
