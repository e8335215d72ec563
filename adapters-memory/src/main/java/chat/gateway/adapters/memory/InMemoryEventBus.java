package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.EventBus;
import chat.gateway.application.port.out.InstanceId;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The event bus of the instances of one JVM: one hub that every instance shares (the single-node
 * gateway has one instance; tests have several). An event is handed to the receiving instance's
 * handler on the publisher's thread, so one thread's events arrive in the order published and a
 * publish costs a map look-up and a call. Nothing is queued: a publish to an instance that is not
 * subscribed (not yet, or forgotten) is dropped, {@link #forget} only unsubscribes, and {@link
 * #rejoin} subscribes a forgotten instance's handler again.
 *
 * <p>A handler that throws loses that event only; the failure is logged (without the event's
 * content) and the publish still completes normally, as with a bus between processes, where the
 * publisher never learns what the receiver did.
 */
public final class InMemoryEventBus implements EventBus {

  private static final System.Logger LOG = System.getLogger(InMemoryEventBus.class.getName());
  private static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);

  /** The handlers of the instances that take events now. */
  private final ConcurrentHashMap<InstanceId, Consumer<ClusterEvent>> handlers =
      new ConcurrentHashMap<>();

  /** The handler each instance subscribed with, forgotten or not, for {@link #rejoin}. */
  private final ConcurrentHashMap<InstanceId, Consumer<ClusterEvent>> subscribed =
      new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Void> publish(InstanceId to, ClusterEvent event) {
    Objects.requireNonNull(event, "event");
    Consumer<ClusterEvent> handler = handlers.get(to);
    if (handler != null) {
      hand(to, handler, event);
    }
    return DONE;
  }

  @Override
  public CompletionStage<Void> broadcast(ClusterEvent event) {
    Objects.requireNonNull(event, "event");
    handlers.forEach((instance, handler) -> hand(instance, handler, event));
    return DONE;
  }

  @Override
  public void subscribe(InstanceId self, Consumer<ClusterEvent> handler) {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(handler, "handler");
    if (subscribed.putIfAbsent(self, handler) != null) {
      throw new IllegalStateException("instance " + self + " is already subscribed");
    }
    handlers.put(self, handler);
  }

  @Override
  public void forget(InstanceId gone) {
    handlers.remove(gone);
  }

  @Override
  public void rejoin(InstanceId self) {
    Consumer<ClusterEvent> handler = subscribed.get(self);
    if (handler != null) {
      handlers.putIfAbsent(self, handler);
    }
  }

  private static void hand(
      InstanceId instance, Consumer<ClusterEvent> handler, ClusterEvent event) {
    try {
      handler.accept(event);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "event bus: the handler of instance "
              + instance
              + " failed on a "
              + event.getClass().getSimpleName()
              + " event; that event is lost",
          e);
    }
  }
}
