package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The users of the embedded default, given as ranges like {@code 1-1000,4242}: kept as merged
 * intervals, so a range of a billion ids costs two longs.
 */
public final class RangeUserDirectory implements UserDirectory {

  private final long[] starts;
  private final long[] ends;

  private RangeUserDirectory(List<long[]> intervals) {
    starts = intervals.stream().mapToLong(i -> i[0]).toArray();
    ends = intervals.stream().mapToLong(i -> i[1]).toArray();
  }

  /**
   * Parses a comma-separated list of ids and inclusive ranges ({@code 1-1000,4242}).
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static RangeUserDirectory parse(String spec) {
    List<long[]> intervals = new ArrayList<>();
    for (String part : spec.split(",")) {
      String item = part.strip();
      if (item.isEmpty()) {
        continue;
      }
      int dash = item.indexOf('-', 1);
      long start = parseId(dash < 0 ? item : item.substring(0, dash), spec);
      long end = dash < 0 ? start : parseId(item.substring(dash + 1), spec);
      if (end < start) {
        throw new IllegalArgumentException(
            "user range '" + item + "' ends before it starts (in '" + spec + "')");
      }
      intervals.add(new long[] {start, end});
    }
    if (intervals.isEmpty()) {
      throw new IllegalArgumentException("no user ids in '" + spec + "'; expected e.g. 1-1000");
    }
    intervals.sort(Comparator.comparingLong(i -> i[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] interval : intervals) {
      long[] last = merged.isEmpty() ? null : merged.getLast();
      // interval[0] - 1 cannot underflow (ids are positive); last[1] + 1 overflows at MAX_VALUE.
      if (last != null && interval[0] - 1 <= last[1]) {
        last[1] = Math.max(last[1], interval[1]);
      } else {
        merged.add(interval);
      }
    }
    return new RangeUserDirectory(merged);
  }

  private static long parseId(String text, String spec) {
    try {
      long id = Long.parseLong(text.strip());
      if (id <= 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a positive user id (in '" + spec + "'); expected e.g. 1-1000,4242",
          e);
    }
  }

  @Override
  public boolean exists(UserId user) {
    long id = user.value();
    int low = 0;
    int high = starts.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (id < starts[mid]) {
        high = mid - 1;
      } else if (id > ends[mid]) {
        low = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** How many user ids the directory holds. */
  public long size() {
    long total = 0;
    for (int i = 0; i < starts.length; i++) {
      total += ends[i] - starts[i] + 1;
    }
    return total;
  }
}
