package chat.gateway.application.port.out;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Carries {@link ClusterEvent}s between gateway instances. Delivery is best effort and at most once
 * per event: the message store is the record, and the login push and sync bring back what a lost
 * event did not. Events published to one instance by one thread arrive in the order published.
 * Never blocks the caller on the network: a publish that cannot be made completes its stage
 * exceptionally with {@link EventBusUnavailableException}.
 */
public interface EventBus {

  /**
   * Sends {@code event} to one instance only. An event to an instance that is not subscribed (not
   * yet, or forgotten) is dropped, and its stage completes normally.
   */
  CompletionStage<Void> publish(InstanceId to, ClusterEvent event);

  /** Sends {@code event} to every instance (this one included). */
  CompletionStage<Void> broadcast(ClusterEvent event);

  /**
   * Starts handing this instance's events, and broadcasts, to {@code handler}, from events
   * published from now on; once. The handler must not block for long.
   *
   * @throws EventBusUnavailableException when the bus cannot be reached to start
   * @throws IllegalStateException when this instance has subscribed already
   */
  void subscribe(InstanceId self, Consumer<ClusterEvent> handler);

  /** Forgets what was kept for an instance that is gone (its queue), so nothing piles up. */
  void forget(InstanceId gone);

  /**
   * This subscribed instance found at its heartbeat that it was not live (it lapsed, or the shared
   * state lost it), so another instance may have {@link #forget forgotten} it: from now on events
   * published to it reach its handler again. Nothing changes for an instance that was not
   * forgotten. The default does nothing, for a bus that re-creates a forgotten instance's queue by
   * itself.
   */
  default void rejoin(InstanceId self) {}
}
