package chat.gateway.bootstrap;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes what was registered, once, in reverse order of registration; failures are logged. */
final class Closer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

  private final Deque<Named> resources = new ArrayDeque<>();

  /** Registers {@code resource} and returns it. */
  <T extends AutoCloseable> T register(String name, T resource) {
    synchronized (resources) {
      resources.push(new Named(name, resource));
    }
    return resource;
  }

  @Override
  public void close() {
    while (true) {
      Named next;
      synchronized (resources) {
        next = resources.poll();
      }
      if (next == null) {
        return;
      }
      try {
        next.resource().close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", next.name(), e);
      }
    }
  }

  private record Named(String name, AutoCloseable resource) {}
}
