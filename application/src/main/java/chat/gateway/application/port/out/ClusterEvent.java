package chat.gateway.application.port.out;

import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one gateway instance tells another: a small event of the core, never a client's wire frame.
 * The instance that receives it turns it into frames for its own connections of {@link #targets()}.
 */
public sealed interface ClusterEvent {

  /**
   * The users whose connections on the receiving instance the event is for; empty means every
   * connection of the instance (presence in audience {@code all}).
   */
  Set<UserId> targets();

  /** A copy of this event for a subset of its targets (what one instance of them holds). */
  ClusterEvent withTargets(Set<UserId> subset);

  /**
   * A message was stored: push it to the connections of its recipient and of its sender, except the
   * connection that sent it.
   */
  record MessageStored(Set<UserId> targets, Message message, Optional<ConnectionId> except)
      implements ClusterEvent {
    public MessageStored {
      targets = Set.copyOf(targets);
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(except, "except");
    }

    @Override
    public ClusterEvent withTargets(Set<UserId> subset) {
      return new MessageStored(subset, message, except);
    }
  }

  /** A message's delivery status moved forward: tell its sender ({@code reader} moved it). */
  record ReceiptAdvanced(
      Set<UserId> targets, MessageId messageId, UserId reader, DeliveryStatus status)
      implements ClusterEvent {
    public ReceiptAdvanced {
      targets = Set.copyOf(targets);
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(reader, "reader");
      Objects.requireNonNull(status, "status");
    }

    @Override
    public ClusterEvent withTargets(Set<UserId> subset) {
      return new ReceiptAdvanced(subset, messageId, reader, status);
    }
  }

  /**
   * A user's presence changed; receivers drop a change whose version is not above one already
   * applied for that user. Empty targets: every connection that hears the subject.
   */
  record PresenceChanged(Set<UserId> targets, UserId subject, PresenceStatus status, long version)
      implements ClusterEvent {
    public PresenceChanged {
      targets = Set.copyOf(targets);
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(status, "status");
    }

    @Override
    public ClusterEvent withTargets(Set<UserId> subset) {
      return new PresenceChanged(subset, subject, status, version);
    }
  }

  /** A newer connection of the user took this one's place: close it as replaced. */
  record Evict(Set<UserId> targets, ConnectionId connection) implements ClusterEvent {
    public Evict {
      targets = Set.copyOf(targets);
      Objects.requireNonNull(connection, "connection");
    }

    @Override
    public ClusterEvent withTargets(Set<UserId> subset) {
      return new Evict(subset, connection);
    }
  }

  /**
   * An operator ends the targets' sessions (one connection, or all when empty); {@code reconnect}
   * says whether the client should come back (a move) or not (a ban).
   */
  record Kick(Set<UserId> targets, Optional<ConnectionId> connection, boolean reconnect)
      implements ClusterEvent {
    public Kick {
      targets = Set.copyOf(targets);
      Objects.requireNonNull(connection, "connection");
    }

    @Override
    public ClusterEvent withTargets(Set<UserId> subset) {
      return new Kick(subset, connection, reconnect);
    }

    /** The close the kicked connections get: 1001 for a move, 4403 for a ban. */
    public CloseReason closeReason() {
      return reconnect ? CloseReason.GOING_AWAY : CloseReason.KICKED;
    }
  }
}
