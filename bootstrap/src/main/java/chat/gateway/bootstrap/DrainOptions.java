package chat.gateway.bootstrap;

import chat.gateway.application.service.DrainPace;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How fast a drain moves this instance's clients to the other instances. */
final class DrainOptions {

  @Option(
      names = "--drain-batch",
      description = "Connections a drain closes at a time, with 1001 (env GATEWAY_DRAIN_BATCH).")
  int batch;

  @Option(
      names = "--drain-interval",
      converter = DurationConverter.class,
      description = "Pause between two batches of a drain (env GATEWAY_DRAIN_INTERVAL).")
  Duration interval;

  @Option(
      names = "--drain-delay",
      converter = DurationConverter.class,
      description =
          "From the start of a drain (not ready, new connections refused) to its first batch:"
              + " longer than the load balancer takes to notice (env GATEWAY_DRAIN_DELAY).")
  Duration delay;

  DrainPace toPace() {
    return pace(batch, interval, delay);
  }

  /** The pace, refusing a value out of bounds with the name of its variable. */
  static DrainPace pace(int batch, Duration interval, Duration delay) {
    if (batch < 1) {
      throw new IllegalArgumentException("GATEWAY_DRAIN_BATCH must be at least 1, got " + batch);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "GATEWAY_DRAIN_INTERVAL must be positive, got " + Setting.duration(interval));
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("GATEWAY_DRAIN_DELAY cannot be negative, got " + delay);
    }
    return new DrainPace(batch, interval, delay);
  }
}
