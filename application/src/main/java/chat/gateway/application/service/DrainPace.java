package chat.gateway.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast a drain moves clients away.
 *
 * @param batch connections closed at a time: the other instances take at most this many reconnects
 *     at once
 * @param interval the pause between two batches
 * @param delay from the start of the drain (when the instance turns not ready and refuses new
 *     connections) to the first batch: longer than the load balancer takes to notice, so that the
 *     clients closed do not come back to this instance
 */
public record DrainPace(int batch, Duration interval, Duration delay) {

  public static final int DEFAULT_BATCH = 500;
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);

  public DrainPace {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(delay, "delay");
    if (batch < 1) {
      throw new IllegalArgumentException("drain batch must be at least 1, got " + batch);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("drain interval must be positive, got " + interval);
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("drain delay cannot be negative, got " + delay);
    }
  }

  /** 500 connections a second, starting 5 s after the drain. */
  public static DrainPace defaults() {
    return new DrainPace(DEFAULT_BATCH, DEFAULT_INTERVAL, DEFAULT_DELAY);
  }
}
