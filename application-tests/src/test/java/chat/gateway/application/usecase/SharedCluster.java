package chat.gateway.application.usecase;

import chat.gateway.adapters.memory.InMemoryCluster;
import chat.gateway.adapters.memory.InMemoryEventBus;
import chat.gateway.adapters.memory.InMemoryMessageStore;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What the instances of one cluster share, in one process: the cluster state (routing table,
 * presence, watch index) on a {@link ManualClock}, the event bus hub and the message store (the
 * database). Instances are {@link TestGateway}s whose upkeep the test runs itself ({@link
 * #upkeep}): their timers would run it only every {@link #TTL}/3, far beyond any test, so a test
 * decides when an instance beats, lapses and expires the others.
 */
final class SharedCluster implements AutoCloseable {

  /** The liveness ttl of every instance, on the manual clock. */
  static final Duration TTL = Duration.ofMinutes(10);

  final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  final InMemoryCluster state = new InMemoryCluster(clock);
  final InMemoryEventBus hub = new InMemoryEventBus();
  final InMemoryMessageStore store = new InMemoryMessageStore();
  private final List<TestGateway> gateways = new ArrayList<>();

  /** An instance on the shared hub. */
  TestGateway start(String id, UnaryOperator<TestGateway.Options> options) {
    return start(id, hub, options);
  }

  /** An instance that reaches the hub through {@code bus} (a wrapper that fails on demand). */
  TestGateway start(String id, EventBus bus, UnaryOperator<TestGateway.Options> options) {
    TestGateway gateway =
        options
            .apply(
                TestGateway.with()
                    .instance(new TestGateway.Instance(new InstanceId(id), state, bus, TTL))
                    .store(store)
                    .presenceSweep(Duration.ofHours(1)))
            .start();
    gateways.add(gateway);
    return gateway;
  }

  TestGateway start(String id) {
    return start(id, UnaryOperator.identity());
  }

  /** One round of upkeep of each of {@code instances}, in order: beat, rejoin, expire the dead. */
  static void upkeep(TestGateway... instances) {
    for (TestGateway instance : instances) {
      instance.core.maintain();
    }
  }

  /**
   * Lets every instance but {@code survivors} lapse: the survivors beat halfway through the ttl and
   * once more when the others have lapsed, which expires them.
   */
  void lapseAllBut(TestGateway... survivors) {
    clock.advance(TTL.dividedBy(2));
    upkeep(survivors);
    clock.advance(TTL.dividedBy(2).plusMillis(1));
    upkeep(survivors);
  }

  /** The routing table as any instance reads it. */
  RoutingTable routes() {
    return state.routingTable(new InstanceId("observer"));
  }

  Set<InstanceId> instancesOf(UserId user) {
    return routes().instancesOf(Set.of(user)).getOrDefault(user, Set.of());
  }

  static InstanceId id(String value) {
    return new InstanceId(value);
  }

  Map<UserId, Set<InstanceId>> instancesOf(Set<UserId> users) {
    return routes().instancesOf(users);
  }

  @Override
  public void close() {
    gateways.forEach(TestGateway::close);
  }
}
