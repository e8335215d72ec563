package chat.gateway.domain;

/** A stored message's id: positive, assigned by the message store, increasing in commit order. */
public record MessageId(long value) implements Comparable<MessageId> {
  public MessageId {
    if (value <= 0) {
      throw new IllegalArgumentException("message id must be positive, got " + value);
    }
  }

  public static MessageId of(long value) {
    return new MessageId(value);
  }

  @Override
  public int compareTo(MessageId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
