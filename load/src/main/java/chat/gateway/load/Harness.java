package chat.gateway.load;

import chat.gateway.load.net.IoLoop;
import chat.gateway.load.net.WsConnection;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every scenario runs on: the selector loops, the targets and source addresses, the token
 * minter, counters, the progress line, and the server's and generator's CPU and memory.
 */
public final class Harness implements AutoCloseable {

  /**
   * Connections per loopback source address when not given. Far below an address's ~28k ephemeral
   * ports on purpose: the kernel searches for a free port on each connect, and with more than about
   * 12,000 of one address's ports taken (in use or in TIME_WAIT from an earlier run) connects
   * slowed from about 1,000/s to 100-200/s and some were reset (docs/benchmarks.md, "Issue 10's
   * targets on a quiet machine").
   */
  static final int CONNECTIONS_PER_SOURCE = 2_000;

  private static final Pattern HEAP_USED =
      Pattern.compile("used (\\d+)([KMG])\\b|\\b(\\d+)([KMG]) used");

  /** Loopback source addresses at most: 127.0.0.2 to 127.0.0.251. */
  static final int MAX_SOURCES = 250;

  public final LoadOptions options;
  public final Report report;
  public final PrintStream out;
  private final IoLoop[] loops;
  private final InetSocketAddress[] targets;
  private final String[] paths;
  private final InetSocketAddress[] sources;
  private final Tokens tokens;
  private final long firstUser;
  private final long userCount;
  private final long serverPid;
  private final ProcStats.Sample serverStart;
  private final ProcStats.Sample generatorStart;
  private final long startNanos = System.nanoTime();
  private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final ScheduledExecutorService progress =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "load-progress");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong readyCount = new AtomicLong();
  private final AtomicLong failedConnects = new AtomicLong();
  private final AtomicLong unexpectedCloses = new AtomicLong();
  private final AtomicLong openCount = new AtomicLong();
  private volatile boolean closing;
  private volatile String lastCloseReason = "";
  private volatile ProcStats.Sample lastServer;
  private volatile ProcStats.Sample lastGenerator;
  private volatile long serverPeakRss;

  public Harness(LoadOptions options, String scenario, long connections, PrintStream out) {
    this.options = options;
    this.out = out;
    this.report = new Report(scenario, options.target.name());
    checkFileLimit(connections);
    long[] range = options.userRange();
    this.firstUser = range[0];
    this.userCount = range[1] - range[0] + 1;
    this.tokens = options.target == LoadOptions.Target.gateway ? options.tokens() : null;
    this.targets = new InetSocketAddress[options.urls.size()];
    this.paths = new String[options.urls.size()];
    boolean loopback = true;
    for (int i = 0; i < targets.length; i++) {
      URI url = options.urls.get(i);
      if (!"ws".equals(url.getScheme())) {
        throw new IllegalArgumentException(
            "only ws:// URLs are supported (got " + url + "); measure TLS separately");
      }
      int port = url.getPort() > 0 ? url.getPort() : 80;
      targets[i] = new InetSocketAddress(url.getHost(), port);
      if (targets[i].isUnresolved()) {
        throw new IllegalArgumentException("cannot resolve the host of " + url);
      }
      loopback &= targets[i].getAddress().isLoopbackAddress();
      paths[i] = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    }
    int sourceCount =
        options.sourceAddresses != null ? options.sourceAddresses : defaultSourceCount(connections);
    if (!loopback || sourceCount == 0) {
      this.sources = new InetSocketAddress[0];
    } else {
      if (sourceCount > MAX_SOURCES) {
        throw new IllegalArgumentException("--source-addresses is at most 250");
      }
      this.sources = new InetSocketAddress[sourceCount];
      for (int i = 0; i < sourceCount; i++) {
        try {
          sources[i] =
              new InetSocketAddress(
                  InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}), 0);
        } catch (UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    this.loops = new IoLoop[Math.max(1, options.ioThreads)];
    for (int i = 0; i < loops.length; i++) {
      loops[i] = new IoLoop("load-io-" + i);
    }
    long pid = -1;
    if (options.serverPid != null) {
      pid = options.serverPid;
    } else {
      OptionalLong found = ProcStats.pidListeningOn(targets[0].getPort());
      if (found.isPresent() && loopback) {
        pid = found.getAsLong();
      }
    }
    this.serverPid = pid;
    this.serverStart = serverPid > 0 ? ProcStats.sample(serverPid) : null;
    this.generatorStart = ProcStats.self();
    this.lastServer = serverStart;
    this.lastGenerator = generatorStart;
    this.serverPeakRss = serverStart == null ? -1 : serverStart.rssBytes();
    out.printf(
        Locale.ROOT,
        "load: %s against %s %s, %d I/O threads, %d source addresses, server pid %s, load average"
            + " %s%n",
        scenario,
        options.target,
        options.urls,
        loops.length,
        sources.length,
        serverPid > 0 ? Long.toString(serverPid) : "unknown (no CPU/RSS figures)",
        ProcStats.loadAverage());
  }

  private static void checkFileLimit(long connections) {
    long[] limits = ProcStats.openFileLimits();
    long needed = connections + 256;
    if (limits[0] >= 0 && limits[0] < needed) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%d connections need about %d open files, but this process may open %d (hard limit"
                  + " %s). Raise it in the shell that starts the tool: ulimit -n %d%s",
              connections,
              needed,
              limits[0],
              limits[1] == Long.MAX_VALUE ? "unlimited" : Long.toString(limits[1]),
              Math.max(needed, 1_048_576L),
              limits[1] < needed ? " (as root, or raise the hard limit in limits.conf)" : ""));
    }
  }

  public long user(long index) {
    return firstUser + Math.floorMod(index, userCount);
  }

  public long userCount() {
    return userCount;
  }

  public String token(long user) {
    return tokens.mint(user);
  }

  public boolean gateway() {
    return options.target == LoadOptions.Target.gateway;
  }

  public int targets() {
    return targets.length;
  }

  public IoLoop loop(long index) {
    return loops[(int) Math.floorMod(index, (long) loops.length)];
  }

  /** The receive buffer of a stalled client's socket: small, so the gateway's writes stall soon. */
  static final int STALLED_RECEIVE_BUFFER = 4 * 1024;

  /** Source addresses for {@code connections} when not given: 1 to 250, one per 2,000. */
  static int defaultSourceCount(long connections) {
    return (int)
        Math.min(
            MAX_SOURCES,
            Math.max(1, (connections + CONNECTIONS_PER_SOURCE - 1) / CONNECTIONS_PER_SOURCE));
  }

  /** Opens {@code client}'s connection on its loop, to URL {@code urlIndex} mod the URL count. */
  public void open(Client client, int urlIndex) {
    int t = Math.floorMod(urlIndex, targets.length);
    InetSocketAddress source =
        sources.length == 0
            ? null
            : sources[(int) Math.floorMod(client.index, (long) sources.length)];
    IoLoop loop = loop(client.loopKey);
    Runnable connect =
        () -> {
          client.startNanos = System.nanoTime();
          client.conn =
              WsConnection.open(
                  loop,
                  client,
                  source,
                  targets[t],
                  paths[t],
                  null,
                  client.stall ? STALLED_RECEIVE_BUFFER : 0);
        };
    if (loop.inLoop()) {
      connect.run();
    } else {
      loop.execute(connect);
    }
  }

  void connected(Client client) {
    readyCount.incrementAndGet();
    openCount.incrementAndGet();
  }

  void disconnected(Client client, int code, String reason) {
    if (!client.ready) {
      failedConnects.incrementAndGet();
      lastCloseReason = code + " " + reason;
      return;
    }
    openCount.decrementAndGet();
    if (!closing) {
      unexpectedCloses.incrementAndGet();
      lastCloseReason = code + " " + reason;
    }
  }

  /** Clients authenticated (or open, against echo) so far. */
  public long ready() {
    return readyCount.get();
  }

  /** Clients that closed before being ready. */
  public long failed() {
    return failedConnects.get();
  }

  /** Ready clients closed without the scenario asking. */
  public long unexpectedCloses() {
    return unexpectedCloses.get();
  }

  public long open() {
    return openCount.get();
  }

  public String lastCloseReason() {
    return lastCloseReason;
  }

  /** From now on, closes are the scenario's own. */
  public void closing() {
    closing = true;
  }

  public void count(String name) {
    counters.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  public long counter(String name) {
    LongAdder adder = counters.get(name);
    return adder == null ? 0 : adder.sum();
  }

  public Map<String, Long> counters() {
    Map<String, Long> all = new TreeMap<>();
    counters.forEach((k, v) -> all.put(k, v.sum()));
    return all;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Prints {@code line} with the CPU and memory figures every --progress seconds. */
  public void progress(Supplier<String> line) {
    if (options.progressSeconds <= 0) {
      return;
    }
    progress.scheduleAtFixedRate(
        () -> {
          try {
            ProcStats.Sample gen = ProcStats.self();
            StringBuilder s =
                new StringBuilder(String.format(Locale.ROOT, "[%6.1fs] ", elapsedSeconds()));
            s.append(line.get());
            if (serverPid > 0) {
              ProcStats.Sample server = ProcStats.sample(serverPid);
              serverPeakRss = Math.max(serverPeakRss, server.rssBytes());
              s.append(
                  String.format(
                      Locale.ROOT,
                      " | server cpu %.0f%% rss %d MiB",
                      server.cpuPercentSince(lastServer),
                      server.rssBytes() >> 20));
              lastServer = server;
            }
            s.append(
                String.format(
                    Locale.ROOT, " | generator cpu %.0f%%", gen.cpuPercentSince(lastGenerator)));
            lastGenerator = gen;
            out.println(s);
          } catch (RuntimeException e) {
            out.println("progress failed: " + e);
          }
        },
        options.progressSeconds,
        options.progressSeconds,
        TimeUnit.SECONDS);
  }

  /**
   * Asks the server for a full collection (jcmd GC.run; System.gc() when the server runs in this
   * process), so that memory figures taken next count live data, not garbage. False when it could
   * not be done.
   */
  public boolean collectServerGarbage() {
    if (serverPid <= 0) {
      return false;
    }
    if (serverPid == ProcessHandle.current().pid()) {
      System.gc();
      return true;
    }
    return jcmd("GC.run") != null;
  }

  /** The server's used Java heap (jcmd GC.heap_info), or -1 when it cannot be read. */
  public long serverHeapUsed() {
    String info;
    if (serverPid == ProcessHandle.current().pid()) {
      Runtime rt = Runtime.getRuntime();
      return rt.totalMemory() - rt.freeMemory();
    }
    info = serverPid > 0 ? jcmd("GC.heap_info") : null;
    if (info == null) {
      return -1;
    }
    return heapUsed(info);
  }

  /**
   * The used heap in a {@code GC.heap_info} answer, or -1: G1 and Parallel say "used 123K",
   * Shenandoah (the launcher's collector) "123K used".
   */
  static long heapUsed(String heapInfo) {
    Matcher m = HEAP_USED.matcher(heapInfo);
    if (!m.find()) {
      return -1;
    }
    String digits = m.group(1) != null ? m.group(1) : m.group(3);
    String unit = m.group(1) != null ? m.group(2) : m.group(4);
    long value = Long.parseLong(digits);
    return switch (unit) {
      case "K" -> value << 10;
      case "M" -> value << 20;
      default -> value << 30;
    };
  }

  /** Runs the JDK's jcmd against the server; its output, or null when that failed. */
  private String jcmd(String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return null;
    }
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(serverPid), command)
              .redirectErrorStream(true)
              .start();
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroy();
        return null;
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The server's resident memory now, or -1. */
  public long serverRss() {
    return serverPid > 0 ? ProcStats.statusKb(serverPid, "VmRSS:") : -1;
  }

  /** Adds the CPU, memory and counters sections, prints the table, writes the JSON. */
  public int finish() {
    progress.shutdownNow();
    ProcStats.Sample gen = ProcStats.self();
    Map<String, Object> generator = new LinkedHashMap<>();
    generator.put("cpu_seconds", Report.round(gen.cpuSeconds() - generatorStart.cpuSeconds()));
    generator.put("cpu_percent_of_one_core", Report.round(gen.cpuPercentSince(generatorStart)));
    generator.put("rss_mib", gen.rssBytes() >> 20);
    generator.put("io_threads", loops.length);
    report.section("generator", generator);
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("pid", serverPid);
    if (serverPid > 0) {
      ProcStats.Sample end = ProcStats.sample(serverPid);
      server.put("cpu_seconds", Report.round(end.cpuSeconds() - serverStart.cpuSeconds()));
      server.put("cpu_percent_of_one_core", Report.round(end.cpuPercentSince(serverStart)));
      server.put("rss_start_mib", serverStart.rssBytes() >> 20);
      server.put("rss_end_mib", end.rssBytes() >> 20);
      server.put("rss_peak_seen_mib", Math.max(serverPeakRss, end.rssBytes()) >> 20);
      if (serverPid == ProcessHandle.current().pid()) {
        server.put("note", "server runs in the generator's process: CPU figures are shared");
      }
    }
    report.section("server", server);
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("processors", Runtime.getRuntime().availableProcessors());
    machine.put("load_average_at_end", ProcStats.loadAverage());
    machine.put("java", Runtime.version().toString());
    report.section("machine", machine);
    report.section("counters", new LinkedHashMap<>(counters()));
    report.section("urls", Map.of("urls", options.urls.toString()));
    report.print(out);
    if (options.json != null) {
      report.writeJson(options.json);
      out.println("  JSON summary: " + options.json);
    }
    return report.passed() ? 0 : 1;
  }

  @Override
  public void close() {
    progress.shutdownNow();
    for (IoLoop loop : loops) {
      loop.close();
    }
  }
}
