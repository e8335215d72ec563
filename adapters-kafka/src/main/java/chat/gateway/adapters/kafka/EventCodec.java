package chat.gateway.adapters.kafka;

import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.ClusterEvent.Evict;
import chat.gateway.application.port.out.ClusterEvent.Kick;
import chat.gateway.application.port.out.ClusterEvent.MessageStored;
import chat.gateway.application.port.out.ClusterEvent.PresenceChanged;
import chat.gateway.application.port.out.ClusterEvent.ReceiptAdvanced;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * The bytes of a {@link ClusterEvent} in a Kafka record: one MessagePack array
 *
 * <pre>
 * [format, kind, targets, field...]
 * </pre>
 *
 * where {@code format} is {@value #FORMAT} (bumped only for a change old readers cannot take),
 * {@code kind} names the event ({@code 1} message stored, {@code 2} receipt advanced, {@code 3}
 * presence changed, {@code 4} evict, {@code 5} kick), {@code targets} is an array of user ids, and
 * the fields follow in the order of the event's record components; enums travel as their wire
 * names, instants as epoch milliseconds, an empty {@code Optional} as nil. A later version may
 * append fields: a reader skips the fields it does not know, so instances of two versions can run
 * side by side during a rolling upgrade.
 */
final class EventCodec {

  static final int FORMAT = 1;

  private static final int MESSAGE_STORED = 1;
  private static final int RECEIPT_ADVANCED = 2;
  private static final int PRESENCE_CHANGED = 3;
  private static final int EVICT = 4;
  private static final int KICK = 5;

  private EventCodec() {}

  /** A record's value for {@code event}. */
  static byte[] encode(ClusterEvent event) {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      switch (event) {
        case MessageStored e -> {
          Message m = e.message();
          header(out, 12, MESSAGE_STORED, e.targets());
          out.packLong(m.id().value());
          out.packLong(m.from().value());
          out.packLong(m.to().value());
          out.packString(m.type().wireName());
          out.packString(m.content());
          out.packLong(m.createdAt().toEpochMilli());
          out.packString(m.status().wireName());
          optional(out, m.clientMsgId());
          optional(out, e.except().map(ConnectionId::value));
        }
        case ReceiptAdvanced e -> {
          header(out, 6, RECEIPT_ADVANCED, e.targets());
          out.packLong(e.messageId().value());
          out.packLong(e.reader().value());
          out.packString(e.status().wireName());
        }
        case PresenceChanged e -> {
          header(out, 6, PRESENCE_CHANGED, e.targets());
          out.packLong(e.subject().value());
          out.packString(e.status().wireName());
          out.packLong(e.version());
        }
        case Evict e -> {
          header(out, 4, EVICT, e.targets());
          out.packString(e.connection().value());
        }
        case Kick e -> {
          header(out, 5, KICK, e.targets());
          optional(out, e.connection().map(ConnectionId::value));
          out.packBoolean(e.reconnect());
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("could not encode a " + kindName(event) + " event", e);
    }
  }

  /**
   * The event in a record's value.
   *
   * @throws UndecodableEventException when the bytes are not an event this version understands; its
   *     {@link UndecodableEventException#kind() kind} says what was wrong, never what was in it
   */
  static ClusterEvent decode(byte[] bytes) {
    if (bytes == null) {
      throw new UndecodableEventException("empty record", null);
    }
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes)) {
      int fields = in.unpackArrayHeader();
      if (fields < 3) {
        throw new UndecodableEventException("array of " + fields + " fields", null);
      }
      int format = in.unpackInt();
      if (format != FORMAT) {
        throw new UndecodableEventException("format " + format, null);
      }
      int kind = in.unpackInt();
      Set<UserId> targets = users(in);
      ClusterEvent event =
          switch (kind) {
            case MESSAGE_STORED -> {
              need(fields, 12, kind);
              MessageId id = MessageId.of(in.unpackLong());
              UserId from = UserId.of(in.unpackLong());
              UserId to = UserId.of(in.unpackLong());
              ContentType type = wire(in.unpackString(), ContentType::fromWire, "content type");
              String content = in.unpackString();
              Instant createdAt = Instant.ofEpochMilli(in.unpackLong());
              DeliveryStatus status = wire(in.unpackString(), DeliveryStatus::fromWire, "status");
              Optional<String> clientMsgId = optional(in);
              Optional<ConnectionId> except = optional(in).map(ConnectionId::new);
              yield new MessageStored(
                  targets,
                  new Message(id, from, to, type, content, createdAt, status, clientMsgId),
                  except);
            }
            case RECEIPT_ADVANCED -> {
              need(fields, 6, kind);
              yield new ReceiptAdvanced(
                  targets,
                  MessageId.of(in.unpackLong()),
                  UserId.of(in.unpackLong()),
                  wire(in.unpackString(), DeliveryStatus::fromWire, "status"));
            }
            case PRESENCE_CHANGED -> {
              need(fields, 6, kind);
              yield new PresenceChanged(
                  targets,
                  UserId.of(in.unpackLong()),
                  wire(in.unpackString(), PresenceStatus::fromWire, "presence"),
                  in.unpackLong());
            }
            case EVICT -> {
              need(fields, 4, kind);
              yield new Evict(targets, new ConnectionId(in.unpackString()));
            }
            case KICK -> {
              need(fields, 5, kind);
              yield new Kick(targets, optional(in).map(ConnectionId::new), in.unpackBoolean());
            }
            default -> throw new UndecodableEventException("event kind " + kind, null);
          };
      return event;
    } catch (UndecodableEventException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new UndecodableEventException("malformed (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** The name of an event's kind for log lines: never its content. */
  static String kindName(ClusterEvent event) {
    return event.getClass().getSimpleName();
  }

  private static void header(MessagePacker out, int fields, int kind, Set<UserId> targets)
      throws IOException {
    out.packArrayHeader(fields);
    out.packInt(FORMAT);
    out.packInt(kind);
    out.packArrayHeader(targets.size());
    for (UserId user : targets) {
      out.packLong(user.value());
    }
  }

  private static void optional(MessagePacker out, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      out.packString(value.get());
    } else {
      out.packNil();
    }
  }

  private static Optional<String> optional(MessageUnpacker in) throws IOException {
    return in.tryUnpackNil() ? Optional.empty() : Optional.of(in.unpackString());
  }

  private static Set<UserId> users(MessageUnpacker in) throws IOException {
    int count = in.unpackArrayHeader();
    Set<UserId> users = HashSet.newHashSet(count);
    for (int i = 0; i < count; i++) {
      users.add(UserId.of(in.unpackLong()));
    }
    return users;
  }

  private static void need(int fields, int known, int kind) {
    if (fields < known) {
      throw new UndecodableEventException(
          "event kind " + kind + " with " + fields + " fields, fewer than " + known, null);
    }
  }

  private static <T> T wire(String name, Function<String, Optional<T>> parse, String what) {
    return parse
        .apply(name)
        .orElseThrow(() -> new UndecodableEventException("unknown " + what, null));
  }

  /** A record that is not an event of this version; {@link #kind()} is safe to log. */
  static final class UndecodableEventException extends RuntimeException {

    private final String kind;

    UndecodableEventException(String kind, Throwable cause) {
      super("undecodable event: " + kind, cause);
      this.kind = kind;
    }

    String kind() {
      return kind;
    }
  }
}
