package chat.gateway.application.usecase;

import static chat.gateway.testsupport.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.memory.InMemoryCluster;
import chat.gateway.adapters.memory.InMemoryEventBus;
import chat.gateway.adapters.memory.InMemoryMessageStore;
import chat.gateway.adapters.memory.RandomConnectionIdSource;
import chat.gateway.adapters.memory.RangeUserDirectory;
import chat.gateway.application.port.in.SessionEvents;
import chat.gateway.application.port.out.ConnectionIdSource;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.application.port.out.TokenVerifier;
import chat.gateway.application.port.out.TokenVerifierUnavailableException;
import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.application.service.DrainPace;
import chat.gateway.application.session.GatewayCore;
import chat.gateway.application.session.GatewayCoreBuilder.AudienceMode;
import chat.gateway.domain.Limits;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * The real application on the in-memory adapters, users 1 to 1000, sockets replaced by {@link
 * RecordingTransport}, the message store one a test can take down. Tokens: {@code "user:42"}
 * verifies as user 42, {@link #VERIFIER_DOWN} makes the verifier unavailable, anything else is
 * refused.
 *
 * <p>As the embedded gateway does, requests that can be served on the thread that reads them (here
 * the test's thread) are, since in-memory ports never wait; unless the test injects faults, which
 * may hold a port, or says otherwise ({@link Options#nonBlockingPorts}).
 */
final class TestGateway implements AutoCloseable {

  static final String VERIFIER_DOWN = "verifier-down";

  /** A user no test logs in as: the sender of {@link #loginAndAwaitLoginPush} markers. */
  static final UserId SYSTEM = UserId.of(1000);

  /** The messages this gateway stores: its own, or one shared by the instances of a cluster. */
  final InMemoryMessageStore store;

  /** The instance a gateway is unless a test names another. */
  static final InstanceId SELF = new InstanceId("test-instance");

  /** The shared state this gateway's instance keeps its routes, presence and watch lists in. */
  final InMemoryCluster cluster;

  /** Presence as the cluster holds it, read by tests. */
  final Presence presence;

  /** What the gateway uses: {@link #store}, unless a test takes it down. */
  final OutageMessageStore reachableStore;

  final GatewayCore core;

  /** What the core reported to its metrics port. */
  final RecordingMetrics metrics = new RecordingMetrics();

  private final Limits limits;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  private TestGateway(
      Limits limits,
      AudienceMode audience,
      InstantSource clock,
      Faults faults,
      Duration presenceSweep,
      Instance instance,
      InMemoryMessageStore store,
      boolean nonBlockingPorts,
      DrainPace drainPace) {
    this.limits = limits;
    this.store = store;
    this.reachableStore = new OutageMessageStore(store);
    this.cluster = instance.cluster();
    this.presence = new Presence(cluster.presence(instance.id()));
    core =
        GatewayCore.builder()
            .messageStore(faults.wrap(MessageStore.class, reachableStore))
            .userDirectory(faults.wrap(UserDirectory.class, RangeUserDirectory.parse("1-1000")))
            .routingTable(faults.wrap(RoutingTable.class, cluster.routingTable(instance.id())))
            .presence(faults.wrap(PresenceDirectory.class, cluster.presence(instance.id())))
            .presenceWatchers(faults.wrap(PresenceWatchers.class, cluster.watchers(instance.id())))
            .eventBus(faults.wrap(EventBus.class, instance.bus()))
            .livenessTtl(instance.ttl())
            .audienceMode(audience)
            .tokenVerifier(faults.wrap(TokenVerifier.class, TestGateway::verify))
            .connectionIds(faults.wrap(ConnectionIdSource.class, new RandomConnectionIdSource()))
            .clock(clock)
            .executor(executor)
            .timers(timers)
            .limits(limits)
            .presenceSweep(presenceSweep)
            .nonBlockingPorts(nonBlockingPorts)
            .metrics(metrics)
            .drainPace(drainPace)
            .build();
  }

  static TestGateway start() {
    return with().start();
  }

  static Options with() {
    return new Options();
  }

  Limits limits() {
    return limits;
  }

  /** A new socket, or empty when the gateway is full. */
  Optional<TestClient> tryOpen(RecordingTransport transport) {
    Optional<SessionEvents> session = core.open(transport);
    session.ifPresent(transport::attach);
    return session.map(events -> new TestClient(transport, events));
  }

  TestClient open(RecordingTransport transport) {
    return tryOpen(transport).orElseThrow(() -> new AssertionError("gateway refused the socket"));
  }

  TestClient open() {
    return open(RecordingTransport.unbounded());
  }

  /** Opens and authenticates, without waiting for the session to start. */
  TestClient authenticate(UserId user, RecordingTransport transport) {
    TestClient client = open(transport);
    ServerPayload.AuthRsp reply = client.awaitReply(client.auth(user), ServerPayload.AuthRsp.class);
    assertThat(reply).isEqualTo(ServerPayload.AuthRsp.ok(user));
    return client;
  }

  /** Opens, authenticates and waits until the session has started (presence, snapshot). */
  TestClient login(UserId user) {
    return login(user, RecordingTransport.unbounded());
  }

  TestClient login(UserId user, RecordingTransport transport) {
    TestClient client = authenticate(user, transport);
    client.roundTrip();
    return client;
  }

  /**
   * Logs in and waits for the whole login push: the presence snapshot comes before the backlog, so
   * once a marker message stored for the user beforehand arrives, the snapshot is complete.
   */
  TestClient loginAndAwaitLoginPush(UserId user) {
    MessageId marker =
        store.store(aMessage().from(SYSTEM).to(user).text("marker").build()).message().id();
    TestClient client = login(user);
    client.awaitPush(ServerPayload.ChatPush.class, push -> push.message().id().equals(marker));
    return client;
  }

  @Override
  public void close() {
    timers.shutdownNow();
    executor.shutdownNow();
  }

  private static TokenVerification verify(String token) {
    if (token.equals(VERIFIER_DOWN)) {
      throw new TokenVerifierUnavailableException("JWKS endpoint down", new RuntimeException());
    }
    if (token.startsWith("user:")) {
      return new TokenVerification.Verified(UserId.of(Long.parseLong(token.substring(5))));
    }
    return new TokenVerification.Rejected("signature invalid");
  }

  /**
   * Which instance of which cluster a gateway is: several test gateways given the same cluster and
   * bus behave as instances of one cluster.
   */
  record Instance(InstanceId id, InMemoryCluster cluster, EventBus bus, Duration ttl) {
    static Instance alone() {
      return new Instance(
          SELF, new InMemoryCluster(InstantSource.system()), new InMemoryEventBus(), TTL);
    }
  }

  /** Liveness ttl of test instances unless a test sets another. */
  static final Duration TTL = Duration.ofSeconds(6);

  /** Reads presence as the cluster holds it. */
  record Presence(PresenceDirectory directory) {
    PresenceStatus statusOf(UserId user) {
      return directory.statusOf(Set.of(user)).get(user);
    }
  }

  /** What a test changes from the defaults. */
  static final class Options {
    private Limits limits = Limits.defaults();
    private AudienceMode audience = AudienceMode.ALL;
    private InstantSource clock = InstantSource.system();
    private Faults faults = new Faults();
    private Duration presenceSweep = Duration.ofSeconds(5);
    private Instance instance;
    private InMemoryMessageStore store;
    private Boolean nonBlockingPorts;
    private DrainPace drainPace = DrainPace.defaults();

    Options limits(UnaryOperator<Limits.Builder> change) {
      limits = change.apply(limits.toBuilder()).build();
      return this;
    }

    Options audience(AudienceMode mode) {
      audience = mode;
      return this;
    }

    Options clock(InstantSource value) {
      clock = value;
      return this;
    }

    /** Ports that throw, or wait, when the test says so; requests then run on the executor. */
    Options faults(Faults value) {
      faults = value;
      if (nonBlockingPorts == null) {
        nonBlockingPorts = false;
      }
      return this;
    }

    /** Whether the ports are taken to never wait (see {@code GatewayCoreBuilder}). */
    Options nonBlockingPorts(boolean value) {
      nonBlockingPorts = value;
      return this;
    }

    Options presenceSweep(Duration value) {
      presenceSweep = value;
      return this;
    }

    /** This gateway as an instance of a cluster shared with other test gateways. */
    Options instance(Instance value) {
      instance = value;
      return this;
    }

    /** The message store, shared with other instances of a cluster (a database of their own). */
    Options store(InMemoryMessageStore value) {
      store = value;
      return this;
    }

    /** How fast a drain of this gateway closes its connections. */
    Options drainPace(DrainPace value) {
      drainPace = value;
      return this;
    }

    TestGateway start() {
      return new TestGateway(
          limits,
          audience,
          clock,
          faults,
          presenceSweep,
          instance == null ? Instance.alone() : instance,
          store == null ? new InMemoryMessageStore() : store,
          nonBlockingPorts == null || nonBlockingPorts,
          drainPace);
    }
  }
}
