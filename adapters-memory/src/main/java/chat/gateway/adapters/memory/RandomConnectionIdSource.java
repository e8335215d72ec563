package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.ConnectionIdSource;
import chat.gateway.domain.ConnectionId;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection ids made of a random 64-bit prefix drawn once per process and a counter: unique across
 * instances and restarts without coordination (a collision needs two processes to draw the same
 * 64-bit prefix).
 */
public final class RandomConnectionIdSource implements ConnectionIdSource {

  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  public RandomConnectionIdSource() {
    byte[] bytes = new byte[8];
    new SecureRandom().nextBytes(bytes);
    prefix = HexFormat.of().formatHex(bytes);
  }

  @Override
  public ConnectionId next() {
    return new ConnectionId(prefix + "-" + Long.toString(counter.incrementAndGet(), 36));
  }
}
