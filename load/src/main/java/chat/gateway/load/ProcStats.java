package chat.gateway.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * CPU time and memory of a process, read from Linux's /proc: {@code /proc/<pid>/stat} (utime and
 * stime, in clock ticks of 1/100 s) and {@code /proc/<pid>/status} (VmRSS, VmHWM). Off Linux, or
 * for a process that is gone, the figures read as -1.
 */
public final class ProcStats {

  /** USER_HZ: 100 on every Linux architecture the JDK runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcStats() {}

  /** One reading. */
  public record Sample(long nanoTime, double cpuSeconds, long rssBytes, long peakRssBytes) {
    /** Percent of one core used between {@code earlier} and this sample. */
    public double cpuPercentSince(Sample earlier) {
      double wall = (nanoTime - earlier.nanoTime) / 1e9;
      if (wall <= 0 || cpuSeconds < 0 || earlier.cpuSeconds < 0) {
        return -1;
      }
      return 100.0 * (cpuSeconds - earlier.cpuSeconds) / wall;
    }
  }

  public static Sample sample(long pid) {
    return new Sample(
        System.nanoTime(), cpuSeconds(pid), statusKb(pid, "VmRSS:"), statusKb(pid, "VmHWM:"));
  }

  public static Sample self() {
    return sample(ProcessHandle.current().pid());
  }

  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces; fields are counted after its ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long utime = Long.parseLong(fields[11]);
      long stime = Long.parseLong(fields[12]);
      return (utime + stime) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).strip().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone or not Linux
    }
    return -1;
  }

  /** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them. */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * The process listening on TCP {@code port} (any local address), found through /proc/net/tcp* and
   * the processes' open sockets; empty when none is visible to this user.
   */
  public static OptionalLong pidListeningOn(int port) {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    String inode = null;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.strip().split("\\s+");
          // local_address is f[1] (ADDR:PORT), st is f[3] (0A = LISTEN), inode is f[9].
          if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
            inode = f[9];
            break;
          }
        }
      } catch (IOException e) {
        // not Linux
      }
      if (inode != null) {
        break;
      }
    }
    if (inode == null) {
      return OptionalLong.empty();
    }
    String link = "socket:[" + inode + "]";
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
          for (Path fd : fds) {
            try {
              if (Files.readSymbolicLink(fd).toString().equals(link)) {
                return OptionalLong.of(Long.parseLong(proc.getFileName().toString()));
              }
            } catch (IOException e) {
              // closed meanwhile
            }
          }
        } catch (IOException | SecurityException e) {
          // another user's process
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return OptionalLong.empty();
  }

  /** This process's soft and hard limits on open files, or -1 when unknown. */
  public static long[] openFileLimits() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String[] f = line.substring("Max open files".length()).strip().split("\\s+");
          return new long[] {parseLimit(f[0]), parseLimit(f[1])};
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return new long[] {-1, -1};
  }

  private static long parseLimit(String value) {
    return value.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(value);
  }
}
