package chat.gateway.domain;

/** A user, identified by the positive 64-bit id carried in the {@code sub} claim of their token. */
public record UserId(long value) implements Comparable<UserId> {
  public UserId {
    if (value <= 0) {
      throw new IllegalArgumentException("user id must be positive, got " + value);
    }
  }

  public static UserId of(long value) {
    return new UserId(value);
  }

  @Override
  public int compareTo(UserId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
