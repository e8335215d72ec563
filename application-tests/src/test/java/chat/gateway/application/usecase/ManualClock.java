package chat.gateway.application.usecase;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when a test moves it: liveness lapses without waiting. Thread-safe. */
final class ManualClock implements InstantSource {

  private final AtomicReference<Instant> now;

  ManualClock(Instant start) {
    now = new AtomicReference<>(start);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  void advance(Duration by) {
    now.updateAndGet(current -> current.plus(by));
  }
}
