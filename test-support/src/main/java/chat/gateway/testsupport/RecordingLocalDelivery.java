package chat.gateway.testsupport;

import chat.gateway.application.port.in.LocalDelivery;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link LocalDelivery} that records what a push router hands it. Users it was told about have
 * one connection each; everyone else has none. Thread-safe.
 */
public final class RecordingLocalDelivery implements LocalDelivery {

  /** One hand-over from the router. */
  public record Delivery(UserId user, ServerPayload payload, Optional<ConnectionId> except) {
    public Delivery {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(except, "except");
    }
  }

  private final List<Delivery> deliveries = new ArrayList<>();
  private final Map<UserId, Boolean> connected = new ConcurrentHashMap<>();

  /** From now on {@code user} has a connection here. */
  public void connect(UserId user) {
    connected.put(user, true);
  }

  @Override
  public int deliver(UserId user, ServerPayload payload, Optional<ConnectionId> except) {
    synchronized (deliveries) {
      deliveries.add(new Delivery(user, payload, except));
    }
    return connected.containsKey(user) ? 1 : 0;
  }

  /** What was handed over for {@code user}, in hand-over order. */
  public List<Delivery> deliveriesTo(UserId user) {
    synchronized (deliveries) {
      return deliveries.stream().filter(d -> d.user().equals(user)).toList();
    }
  }
}
