package chat.gateway.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * Every limit the gateway enforces, in one value. {@link #defaults()} gives the protocol's figures.
 *
 * @param maxConnectionsPerUser a further successful Auth evicts the user's oldest connection
 * @param maxTotalConnections open sockets per gateway instance, authenticated or not
 * @param sendQueueCapacity frames waiting to be written to one connection
 * @param sendQueueBytes bytes waiting to be written to one connection (a larger single frame is
 *     still taken when the queue is empty)
 * @param sendBufferTotalBytes bytes waiting to be written across all connections of the instance
 * @param maxFrameBytes the largest inbound frame, after reassembling fragments
 * @param maxContentBytes the largest chat content, UTF-8 encoded
 * @param maxClientMsgIdLength the longest client_msg_id, in characters
 * @param syncPageSize messages per SyncRsp
 * @param syncPageBytes content bytes per SyncRsp (a page holds at least one message)
 * @param maxPresenceWatch user ids in one PresenceSub
 * @param authTimeout time from connect to a verified Auth
 * @param readTimeout longest silence from a client before the gateway closes it
 * @param writeTimeout longest a single frame write may take
 * @param rateLimit inbound frames per connection
 */
public record Limits(
    int maxConnectionsPerUser,
    int maxTotalConnections,
    int sendQueueCapacity,
    int sendQueueBytes,
    long sendBufferTotalBytes,
    int maxFrameBytes,
    int maxContentBytes,
    int maxClientMsgIdLength,
    int syncPageSize,
    int syncPageBytes,
    int maxPresenceWatch,
    Duration authTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    RateLimit rateLimit) {

  public Limits {
    requirePositive("maxConnectionsPerUser", maxConnectionsPerUser);
    requirePositive("maxTotalConnections", maxTotalConnections);
    requirePositive("sendQueueCapacity", sendQueueCapacity);
    requirePositive("sendQueueBytes", sendQueueBytes);
    if (sendBufferTotalBytes < sendQueueBytes) {
      throw new IllegalArgumentException(
          "sendBufferTotalBytes must be at least sendQueueBytes, got " + sendBufferTotalBytes);
    }
    requirePositive("maxFrameBytes", maxFrameBytes);
    requirePositive("maxContentBytes", maxContentBytes);
    requirePositive("maxClientMsgIdLength", maxClientMsgIdLength);
    requirePositive("syncPageSize", syncPageSize);
    requirePositive("syncPageBytes", syncPageBytes);
    requirePositive("maxPresenceWatch", maxPresenceWatch);
    requirePositive("authTimeout", authTimeout);
    requirePositive("readTimeout", readTimeout);
    requirePositive("writeTimeout", writeTimeout);
    Objects.requireNonNull(rateLimit, "rateLimit");
    if (sendQueueCapacity < 2) {
      throw new IllegalArgumentException("sendQueueCapacity must be at least 2");
    }
  }

  /**
   * The protocol's figures: 3 per user, 100 queued frames (at most 1 MiB) per connection and 256
   * MiB in all, 1 MiB frames, sync pages of 100 messages or 512 KiB, 10/60/10 s timeouts.
   */
  public static Limits defaults() {
    return new Limits(
        3,
        10_000,
        100,
        1024 * 1024,
        256L * 1024 * 1024,
        1024 * 1024,
        64 * 1024,
        128,
        100,
        512 * 1024,
        1_000,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        new RateLimit(50, 200));
  }

  /**
   * Inbound frames allowed per connection: a token bucket refilled at {@code perSecond} holding at
   * most {@code burst}.
   */
  public record RateLimit(int perSecond, int burst) {
    public RateLimit {
      requirePositive("perSecond", perSecond);
      requirePositive("burst", burst);
    }
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** A builder starting from these limits. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some limits and keeps the rest. */
  public static final class Builder {
    private int maxConnectionsPerUser;
    private int maxTotalConnections;
    private int sendQueueCapacity;
    private int sendQueueBytes;
    private long sendBufferTotalBytes;
    private int maxFrameBytes;
    private int maxContentBytes;
    private int maxClientMsgIdLength;
    private int syncPageSize;
    private int syncPageBytes;
    private int maxPresenceWatch;
    private Duration authTimeout;
    private Duration readTimeout;
    private Duration writeTimeout;
    private RateLimit rateLimit;

    private Builder(Limits from) {
      maxConnectionsPerUser = from.maxConnectionsPerUser;
      maxTotalConnections = from.maxTotalConnections;
      sendQueueCapacity = from.sendQueueCapacity;
      sendQueueBytes = from.sendQueueBytes;
      sendBufferTotalBytes = from.sendBufferTotalBytes;
      maxFrameBytes = from.maxFrameBytes;
      maxContentBytes = from.maxContentBytes;
      maxClientMsgIdLength = from.maxClientMsgIdLength;
      syncPageSize = from.syncPageSize;
      syncPageBytes = from.syncPageBytes;
      maxPresenceWatch = from.maxPresenceWatch;
      authTimeout = from.authTimeout;
      readTimeout = from.readTimeout;
      writeTimeout = from.writeTimeout;
      rateLimit = from.rateLimit;
    }

    public Builder maxConnectionsPerUser(int value) {
      maxConnectionsPerUser = value;
      return this;
    }

    public Builder maxTotalConnections(int value) {
      maxTotalConnections = value;
      return this;
    }

    public Builder sendQueueCapacity(int value) {
      sendQueueCapacity = value;
      return this;
    }

    public Builder sendQueueBytes(int value) {
      sendQueueBytes = value;
      return this;
    }

    public Builder sendBufferTotalBytes(long value) {
      sendBufferTotalBytes = value;
      return this;
    }

    public Builder syncPageBytes(int value) {
      syncPageBytes = value;
      return this;
    }

    public Builder maxFrameBytes(int value) {
      maxFrameBytes = value;
      return this;
    }

    public Builder maxContentBytes(int value) {
      maxContentBytes = value;
      return this;
    }

    public Builder maxClientMsgIdLength(int value) {
      maxClientMsgIdLength = value;
      return this;
    }

    public Builder syncPageSize(int value) {
      syncPageSize = value;
      return this;
    }

    public Builder maxPresenceWatch(int value) {
      maxPresenceWatch = value;
      return this;
    }

    public Builder authTimeout(Duration value) {
      authTimeout = value;
      return this;
    }

    public Builder readTimeout(Duration value) {
      readTimeout = value;
      return this;
    }

    public Builder writeTimeout(Duration value) {
      writeTimeout = value;
      return this;
    }

    public Builder rateLimit(RateLimit value) {
      rateLimit = value;
      return this;
    }

    public Limits build() {
      return new Limits(
          maxConnectionsPerUser,
          maxTotalConnections,
          sendQueueCapacity,
          sendQueueBytes,
          sendBufferTotalBytes,
          maxFrameBytes,
          maxContentBytes,
          maxClientMsgIdLength,
          syncPageSize,
          syncPageBytes,
          maxPresenceWatch,
          authTimeout,
          readTimeout,
          writeTimeout,
          rateLimit);
    }
  }
}
