package chat.gateway.archfixture.adapters.memory;

import io.micrometer.core.instrument.Metrics;

/** Breaks a rule on purpose: counts with Micrometer outside the metrics adapter. */
public final class CountingThings {

  public void count() {
    Metrics.counter("things").increment();
  }
}
