package chat.gateway.archfixture.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;

/** Breaks the domain's purity on purpose: reads the wall clock instead of being given the time. */
public final class ClockReadingDomainType {

  public Instant expiry() {
    return Instant.now().plusSeconds(60);
  }

  public long stamp() {
    return System.currentTimeMillis();
  }

  public long elapsed(long since) {
    return System.nanoTime() - since;
  }

  public LocalDateTime today() {
    return LocalDateTime.now();
  }

  public Clock clock() {
    return Clock.systemUTC();
  }
}
