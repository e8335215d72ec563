package chat.gateway.adapters.ws;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many sockets the server may hold open at once: WebSocket connections plus pending handshakes,
 * clamped to what the process's file-descriptor limit leaves after the descriptors already open and
 * a reserve (log files, class path, selectors opened later). Accepting stops at this number (XNIO's
 * connection high-water mark) and resumes as soon as a socket closes, so an accepted socket never
 * meets EMFILE. That matters beyond the failed accept itself: on EMFILE XNIO's accept loop backs
 * off, and the listener stays deaf for a while after descriptors are free again.
 *
 * @param wanted what the configured limits ask for
 * @param allowed what the server will hold: {@code wanted}, or less when the descriptors do not
 *     suffice
 * @param descriptorLimit the process's limit, -1 when the platform does not report it
 * @param descriptorsOpen descriptors open when the budget was taken
 */
record SocketBudget(int wanted, int allowed, long descriptorLimit, long descriptorsOpen) {

  /** Descriptors kept free for everything that is not a client socket. */
  static final int RESERVE = 64;

  /** The budget for {@code wanted} sockets under this process's descriptor limit. */
  static SocketBudget of(int wanted) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof UnixOperatingSystemMXBean unix) {
      return of(wanted, unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
    }
    return new SocketBudget(wanted, wanted, -1, -1);
  }

  static SocketBudget of(int wanted, long maxDescriptors, long openDescriptors) {
    long free = maxDescriptors - openDescriptors - RESERVE;
    int allowed = (int) Math.max(1, Math.min(wanted, free));
    return new SocketBudget(wanted, allowed, maxDescriptors, openDescriptors);
  }

  boolean clamped() {
    return allowed < wanted;
  }

  /** The descriptor limit the configured caps would need. */
  long descriptorsNeeded() {
    return (long) wanted + Math.max(0, descriptorsOpen) + RESERVE;
  }
}
