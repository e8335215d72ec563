package chat.gateway.testsupport;

import static org.awaitility.Awaitility.await;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.RoutingTable;
import java.time.Duration;
import java.util.UUID;

/** Cluster instance fixtures, and waiting for an instance's liveness to lapse. */
public final class Instances {

  /** The liveness of an instance a test keeps alive: far longer than any test. */
  public static final Duration LONG_TTL = Duration.ofMinutes(5);

  /** The liveness of an instance a test lets lapse. */
  public static final Duration SHORT_TTL = Duration.ofMillis(400);

  /** How long a lapse may take to show on a loaded machine before the test fails. */
  public static final Duration LAPSE_DEADLINE = Duration.ofSeconds(10);

  private Instances() {}

  /** An instance id no other test uses. */
  public static InstanceId randomInstance() {
    return new InstanceId("test-" + UUID.randomUUID());
  }

  /**
   * Waits until {@code observer} no longer counts {@code lapsing} among the live instances (it beat
   * with a short ttl and then stopped). Polls; fails after {@link #LAPSE_DEADLINE}.
   */
  public static void awaitLapse(RoutingTable observer, InstanceId lapsing) {
    await("the liveness of " + lapsing + " to lapse")
        .atMost(LAPSE_DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !observer.liveInstances().contains(lapsing));
  }
}
