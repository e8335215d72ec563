package chat.gateway.application.session;

import chat.gateway.application.port.out.ConnectionIdSource;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.application.port.out.LogContext;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.port.out.TokenVerifier;
import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.application.presence.EveryoneAudience;
import chat.gateway.application.presence.PresenceAudience;
import chat.gateway.application.presence.SubscribedAudience;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.application.service.AcknowledgeService;
import chat.gateway.application.service.AdminService;
import chat.gateway.application.service.AuthenticateService;
import chat.gateway.application.service.ChatService;
import chat.gateway.application.service.DrainPace;
import chat.gateway.application.service.DrainService;
import chat.gateway.application.service.EventDelivery;
import chat.gateway.application.service.EventRouter;
import chat.gateway.application.service.Membership;
import chat.gateway.application.service.PresenceService;
import chat.gateway.application.service.SyncService;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.Limits;
import chat.gateway.domain.UserId;
import chat.gateway.domain.connection.ConnectionStateMachine;
import chat.gateway.domain.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Assembles a {@link GatewayCore} from its outbound ports. Every port must be given. */
public final class GatewayCoreBuilder {

  static final int DEFAULT_TTL_SECONDS = 6;

  static final Duration DEFAULT_LIVENESS_TTL = Duration.ofSeconds(DEFAULT_TTL_SECONDS);

  /** Who hears presence changes: see {@link PresenceAudience}. */
  public enum AudienceMode {
    ALL,
    SUBSCRIBED
  }

  private MessageStore messageStore;
  private UserDirectory userDirectory;
  private PresenceDirectory presence;
  private RoutingTable routingTable;
  private EventBus eventBus;
  private Duration livenessTtl = DEFAULT_LIVENESS_TTL;
  private PresenceWatchers presenceWatchers;
  private AudienceMode audienceMode = AudienceMode.ALL;
  private TokenVerifier tokenVerifier;
  private ConnectionIdSource connectionIds;
  private InstantSource clock = InstantSource.system();
  private Executor executor;
  private Duration presenceSweep = Duration.ofSeconds(5);
  private ScheduledExecutorService timers;
  private Limits limits = Limits.defaults();
  private LogContext logContext = LogContext.NONE;
  private boolean nonBlockingPorts;
  private GatewayMetrics metrics = GatewayMetrics.none();
  private DrainPace drainPace = DrainPace.defaults();

  GatewayCoreBuilder() {}

  public GatewayCoreBuilder messageStore(MessageStore value) {
    messageStore = value;
    return this;
  }

  public GatewayCoreBuilder userDirectory(UserDirectory value) {
    userDirectory = value;
    return this;
  }

  /** Presence across the cluster (one instance of it for a single node). */
  public GatewayCoreBuilder presence(PresenceDirectory value) {
    presence = value;
    return this;
  }

  /** The user → instance routing table; its {@code self()} is this instance. */
  public GatewayCoreBuilder routingTable(RoutingTable value) {
    routingTable = value;
    return this;
  }

  /** Carries events to the other instances; this instance subscribes to it when built. */
  public GatewayCoreBuilder eventBus(EventBus value) {
    eventBus = value;
    return this;
  }

  /**
   * How long this instance counts as alive after each heartbeat (beats come three times as often):
   * when it dies, its users turn offline within about this long. {@value #DEFAULT_TTL_SECONDS} s
   * unless set.
   */
  public GatewayCoreBuilder livenessTtl(Duration value) {
    if (value.toMillis() < 300) {
      throw new IllegalArgumentException("livenessTtl must be at least 300 ms, got " + value);
    }
    livenessTtl = value;
    return this;
  }

  public GatewayCoreBuilder presenceWatchers(PresenceWatchers value) {
    presenceWatchers = value;
    return this;
  }

  public GatewayCoreBuilder audienceMode(AudienceMode value) {
    audienceMode = value;
    return this;
  }

  public GatewayCoreBuilder tokenVerifier(TokenVerifier value) {
    tokenVerifier = value;
    return this;
  }

  public GatewayCoreBuilder connectionIds(ConnectionIdSource value) {
    connectionIds = value;
    return this;
  }

  public GatewayCoreBuilder clock(InstantSource value) {
    clock = value;
    return this;
  }

  /**
   * How often, at most, presence and routes are checked against the registry, taking out
   * connections whose session ended without saying so; 5 s unless set (upkeep runs at least three
   * times per liveness ttl anyway).
   */
  public GatewayCoreBuilder presenceSweep(Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("presenceSweep must be positive, got " + value);
    }
    presenceSweep = value;
    return this;
  }

  /** Runs connection work; may block (store calls): virtual threads suit it. */
  public GatewayCoreBuilder executor(Executor value) {
    executor = value;
    return this;
  }

  /**
   * Whether the message store, user directory, routing table, presence directory, watch lists and
   * event bus all answer without waiting on anything but short locks (they are in this process):
   * then a request that uses only them and answers with one frame (Chat, Ack, Ping, Presence) is
   * served on the thread that read it, the socket's I/O thread, when its connection has nothing
   * else queued and its send queue is below half full, instead of as a task on the {@link
   * #executor}. False unless set: every request runs on the executor. Auth, SyncReq and PresenceSub
   * always do, as do the login push and every task that is not a request.
   */
  public GatewayCoreBuilder nonBlockingPorts(boolean value) {
    nonBlockingPorts = value;
    return this;
  }

  /** Fires timeouts; its tasks only hand work to connections, never block. */
  public GatewayCoreBuilder timers(ScheduledExecutorService value) {
    timers = value;
    return this;
  }

  /** Tags each line of a connection's work with its ids; none unless set. */
  public GatewayCoreBuilder logContext(LogContext value) {
    logContext = Objects.requireNonNull(value, "logContext");
    return this;
  }

  public GatewayCoreBuilder limits(Limits value) {
    limits = value;
    return this;
  }

  /** Where the core reports what it counts; {@link GatewayMetrics#none()} unless set. */
  public GatewayCoreBuilder metrics(GatewayMetrics value) {
    metrics = Objects.requireNonNull(value, "metrics");
    return this;
  }

  /**
   * How fast a drain closes this instance's connections; {@link DrainPace#defaults()} unless set.
   */
  public GatewayCoreBuilder drainPace(DrainPace value) {
    drainPace = Objects.requireNonNull(value, "drainPace");
    return this;
  }

  public GatewayCore build() {
    Objects.requireNonNull(messageStore, "messageStore");
    Objects.requireNonNull(userDirectory, "userDirectory");
    Objects.requireNonNull(presence, "presence");
    Objects.requireNonNull(routingTable, "routingTable");
    Objects.requireNonNull(eventBus, "eventBus");
    Objects.requireNonNull(tokenVerifier, "tokenVerifier");
    Objects.requireNonNull(connectionIds, "connectionIds");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(timers, "timers");
    PresenceWatchers watchers =
        Objects.requireNonNullElseGet(presenceWatchers, GatewayCoreBuilder::noWatchers);
    PresenceAudience audience =
        switch (audienceMode) {
          case ALL -> new EveryoneAudience();
          case SUBSCRIBED ->
              new SubscribedAudience(
                  Objects.requireNonNull(presenceWatchers, "presenceWatchers (subscribed mode)"));
        };
    ConnectionRegistry registry =
        new ConnectionRegistry(limits.maxConnectionsPerUser(), limits.maxTotalConnections());
    EventDelivery delivery = new EventDelivery(registry, audience, metrics, clock);
    EventRouter router = new EventRouter(routingTable, eventBus, delivery);
    PresenceService presenceService =
        new PresenceService(
            presence, audience, router, delivery, executor, limits.maxPresenceWatch());
    Membership membership =
        new Membership(
            routingTable,
            presenceService,
            watchers,
            registry,
            router,
            eventBus,
            limits.maxConnectionsPerUser());
    SessionLogs logs = SessionLogs.create(logContext, clock, timers, limits);
    SessionServices services =
        new SessionServices(
            MeteredUseCases.authenticate(
                new AuthenticateService(tokenVerifier, userDirectory), metrics),
            MeteredUseCases.chat(
                new ChatService(messageStore, userDirectory, router, clock), metrics),
            MeteredUseCases.acknowledge(new AcknowledgeService(messageStore, router), metrics),
            MeteredUseCases.sync(
                new SyncService(messageStore, limits.syncPageSize(), limits.syncPageBytes()),
                metrics),
            presenceService,
            membership,
            new LoginPush(messageStore, executor, limits.syncPageSize(), logs.outages(), metrics),
            registry,
            new ConnectionStateMachine(limits.authTimeout(), limits.readTimeout()),
            new RateLimiter(limits.rateLimit()),
            clock,
            executor,
            timers,
            limits,
            logs,
            nonBlockingPorts,
            metrics);
    GatewayCore core =
        new GatewayCore(
            services,
            connectionIds,
            delivery,
            new AdminService(routingTable, presence, router),
            new DrainService(registry, timers, clock, drainPace),
            livenessTtl);
    eventBus.subscribe(routingTable.self(), delivery);
    // The first beat before any connection: the routing table refuses attaches until then.
    core.maintain();
    long upkeep = Math.min(presenceSweep.toMillis(), livenessTtl.toMillis() / 3);
    timers.scheduleWithFixedDelay(core::maintain, upkeep, upkeep, TimeUnit.MILLISECONDS);
    return core;
  }

  /** The watch index of audience {@code all}, where nobody keeps a watch list. */
  private static PresenceWatchers noWatchers() {
    return new PresenceWatchers() {
      @Override
      public void replace(ConnectionId connection, UserId watcher, Set<UserId> subjects) {}

      @Override
      public void remove(ConnectionId connection) {}

      @Override
      public Set<UserId> watchersOf(UserId subject) {
        return Set.of();
      }
    };
  }
}
