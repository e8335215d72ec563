package chat.gateway.application.session;

import chat.gateway.application.port.in.LocalDelivery;
import chat.gateway.application.port.out.ConnectionIdSource;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.PresenceStore;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.application.port.out.PushRouter;
import chat.gateway.application.port.out.TokenVerifier;
import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.application.presence.EveryoneAudience;
import chat.gateway.application.presence.PresenceAudience;
import chat.gateway.application.presence.SubscribedAudience;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.application.service.AcknowledgeService;
import chat.gateway.application.service.AuthenticateService;
import chat.gateway.application.service.ChatService;
import chat.gateway.application.service.PresenceService;
import chat.gateway.application.service.PushDelivery;
import chat.gateway.application.service.SyncService;
import chat.gateway.domain.Limits;
import chat.gateway.domain.connection.ConnectionStateMachine;
import chat.gateway.domain.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Assembles a {@link GatewayCore} from its outbound ports. Every port must be given. */
public final class GatewayCoreBuilder {

  /** Who hears presence changes: see {@link PresenceAudience}. */
  public enum AudienceMode {
    ALL,
    SUBSCRIBED
  }

  private MessageStore messageStore;
  private UserDirectory userDirectory;
  private PresenceStore presenceStore;
  private PresenceWatchers presenceWatchers;
  private AudienceMode audienceMode = AudienceMode.ALL;
  private Function<LocalDelivery, PushRouter> pushRouter;
  private TokenVerifier tokenVerifier;
  private ConnectionIdSource connectionIds;
  private InstantSource clock = InstantSource.system();
  private Executor executor;
  private Duration presenceSweep = Duration.ofSeconds(5);
  private ScheduledExecutorService timers;
  private Limits limits = Limits.defaults();

  GatewayCoreBuilder() {}

  public GatewayCoreBuilder messageStore(MessageStore value) {
    messageStore = value;
    return this;
  }

  public GatewayCoreBuilder userDirectory(UserDirectory value) {
    userDirectory = value;
    return this;
  }

  public GatewayCoreBuilder presenceStore(PresenceStore value) {
    presenceStore = value;
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

  /** The router, made from where it delivers pushes for this instance's connections. */
  public GatewayCoreBuilder pushRouter(Function<LocalDelivery, PushRouter> value) {
    pushRouter = value;
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
   * How often presence is checked against the registry, forgetting connections whose session ended
   * without saying so; 5 s unless set.
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

  /** Fires timeouts; its tasks only hand work to connections, never block. */
  public GatewayCoreBuilder timers(ScheduledExecutorService value) {
    timers = value;
    return this;
  }

  public GatewayCoreBuilder limits(Limits value) {
    limits = value;
    return this;
  }

  public GatewayCore build() {
    Objects.requireNonNull(messageStore, "messageStore");
    Objects.requireNonNull(userDirectory, "userDirectory");
    Objects.requireNonNull(presenceStore, "presenceStore");
    Objects.requireNonNull(pushRouter, "pushRouter");
    Objects.requireNonNull(tokenVerifier, "tokenVerifier");
    Objects.requireNonNull(connectionIds, "connectionIds");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(timers, "timers");
    PresenceAudience audience =
        switch (audienceMode) {
          case ALL -> new EveryoneAudience(presenceStore);
          case SUBSCRIBED ->
              new SubscribedAudience(
                  Objects.requireNonNull(presenceWatchers, "presenceWatchers (subscribed mode)"));
        };
    ConnectionRegistry registry =
        new ConnectionRegistry(limits.maxConnectionsPerUser(), limits.maxTotalConnections());
    PushDelivery delivery = new PushDelivery(registry, audience);
    PushRouter router = Objects.requireNonNull(pushRouter.apply(delivery), "push router");
    PresenceService presence =
        new PresenceService(presenceStore, audience, router, executor, limits.maxPresenceWatch());
    SessionServices services =
        new SessionServices(
            new AuthenticateService(tokenVerifier, userDirectory),
            new ChatService(messageStore, userDirectory, router, clock),
            new AcknowledgeService(messageStore, router),
            new SyncService(messageStore, limits.syncPageSize(), limits.syncPageBytes()),
            presence,
            new LoginPush(messageStore, executor, limits.syncPageSize()),
            registry,
            new ConnectionStateMachine(limits.authTimeout(), limits.readTimeout()),
            new RateLimiter(limits.rateLimit()),
            clock,
            executor,
            timers,
            limits);
    GatewayCore core = new GatewayCore(services, connectionIds, delivery);
    long sweep = presenceSweep.toMillis();
    timers.scheduleWithFixedDelay(core::reconcilePresence, sweep, sweep, TimeUnit.MILLISECONDS);
    return core;
  }
}
