package chat.gateway.adapters.persistence;

import chat.gateway.application.port.out.NewMessage;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.postgres.PostgresSchema;
import chat.gateway.testsupport.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How many messages a second {@link PostgresMessageStore#store} stores and acknowledges (returns
 * from, which is when the gateway sends ChatAck), and how long each call takes. Not a test: run it
 * with {@code scripts/bench-store.sh} (a throwaway PostgreSQL with durable defaults) or through the
 * {@code bench} Maven profile; see {@code docs/benchmarks.md}.
 *
 * <p>Each of {@code --senders} virtual threads is one user sending to random others, one message at
 * a time (the next only after the previous call returned, as a client waits for its ChatAck), each
 * with a client message id and {@code --content-bytes} of text on average. After {@code --warmup}
 * seconds the calls that complete in the next {@code --seconds} are counted and their latencies
 * recorded. Each mode runs on a fresh schema:
 *
 * <ul>
 *   <li>{@code group}: the store as configured by default (group commit);
 *   <li>{@code single}: batches of one message, with one writer per pooled connection: every call
 *       is its own statement and commit, as without group commit.
 * </ul>
 *
 * <p>The PostgreSQL is the test fixture's ({@link PostgresServer#shared()}): the one named by
 * {@code GATEWAY_TEST_DB_URL}, else a Docker container, else the embedded binaries (which run with
 * fsync off, see the fixture). The output names the server's durability settings.
 */
public final class StoreBenchmark {

  private static final int RECIPIENTS = 100_000;
  private static final String[] WORDS =
      ("hi hello ok sure see you tomorrow at the station thanks a lot the meeting moved to three"
              + " did you get my photo \u00e7a va \u00a1hola! \u4f60\u597d \ud83d\ude00"
              + " \ud83d\udc4d")
          .split(" ");

  private StoreBenchmark() {}

  /** The options, with their defaults. */
  private record Options(
      int senders,
      Duration warmup,
      Duration measure,
      int contentBytes,
      int poolSize,
      PostgresSettings.GroupCommit groupCommit,
      List<String> modes) {

    static Options parse(String[] args) {
      Map<String, String> given = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (!name.startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException(
              "usage: StoreBenchmark [--senders N] [--warmup S] [--seconds S] [--content-bytes B]"
                  + " [--pool N] [--writers N] [--max-batch N] [--max-waiting N]"
                  + " [--modes group,single]; got '"
                  + name
                  + "'");
        }
        given.put(name.substring(2), args[++i]);
      }
      int poolSize = integer(given, "pool", PostgresSettings.DEFAULT_POOL_SIZE);
      PostgresSettings.GroupCommit defaults = PostgresSettings.GroupCommit.defaultsFor(poolSize);
      Options options =
          new Options(
              integer(given, "senders", 500),
              Duration.ofSeconds(integer(given, "warmup", 10)),
              Duration.ofSeconds(integer(given, "seconds", 30)),
              integer(given, "content-bytes", 200),
              poolSize,
              new PostgresSettings.GroupCommit(
                  integer(given, "writers", defaults.writers()),
                  integer(given, "max-batch", defaults.maxBatch()),
                  integer(given, "max-waiting", defaults.maxWaiting())),
              List.of(
                  Optional.ofNullable(given.remove("modes")).orElse("group,single").split(",")));
      if (!given.isEmpty()) {
        throw new IllegalArgumentException("unknown options: " + given.keySet());
      }
      return options;
    }

    private static int integer(Map<String, String> given, String name, int fallback) {
      String value = given.remove(name);
      return value == null ? fallback : Integer.parseInt(value);
    }
  }

  /** What one mode measured. */
  private record Result(
      String mode,
      PostgresSettings.GroupCommit groupCommit,
      long messages,
      double seconds,
      Histogram latency,
      long batches,
      long batchedItems,
      long rows,
      long averageContentBytes,
      long acknowledged,
      long failures) {

    double perSecond() {
      return messages / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    // Flyway and the fixture report each schema at INFO; only the figures matter here.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    PostgresServer server = PostgresServer.shared();
    System.out.println(machine());
    System.out.println("PostgreSQL: " + server.describe());
    List<Result> results = new ArrayList<>();
    for (String mode : options.modes()) {
      PostgresSettings.GroupCommit groupCommit =
          switch (mode.strip()) {
            case "group" -> options.groupCommit();
            case "single" ->
                new PostgresSettings.GroupCommit(
                    options.poolSize(), 1, options.groupCommit().maxWaiting());
            default -> throw new IllegalArgumentException("unknown mode '" + mode + "'");
          };
      Result result = run(mode.strip(), options, groupCommit, server);
      print(result, options);
      results.add(result);
    }
    if (results.size() > 1) {
      System.out.printf(
          "%nsummary:%s%n",
          results.stream()
              .map(r -> String.format(" %s %,.0f msg/s;", r.mode(), r.perSecond()))
              .reduce("", String::concat));
    }
    System.exit(0);
  }

  private static Result run(
      String mode, Options options, PostgresSettings.GroupCommit groupCommit, PostgresServer server)
      throws Exception {
    PostgresSchema schema = server.newSchema();
    PostgresSettings settings =
        new PostgresSettings(
            schema.url(),
            schema.user(),
            schema.password(),
            options.poolSize(),
            true,
            PostgresSettings.DEFAULT_CONNECTION_TIMEOUT,
            groupCommit);
    System.out.printf(
        "%n== %s: %d senders, %d B content on average, pool %d, %s; warm-up %d s, measured %d s%n",
        mode,
        options.senders(),
        options.contentBytes(),
        options.poolSize(),
        groupCommit,
        options.warmup().toSeconds(),
        options.measure().toSeconds());
    System.out.println("server settings: " + serverSettings(settings));
    try (PostgresDatabase database = PostgresDatabase.open(settings)) {
      PostgresMessageStore store = (PostgresMessageStore) database.messageStore();
      Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
      AtomicLong acknowledged = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      long stopAt = System.nanoTime() + options.warmup().plus(options.measure()).toNanos();
      List<Thread> senders = new ArrayList<>(options.senders());
      for (int s = 0; s < options.senders(); s++) {
        long sender = RECIPIENTS + 1L + s;
        senders.add(
            Thread.ofVirtual()
                .name("sender-" + s)
                .start(
                    () ->
                        send(
                            store,
                            sender,
                            options.contentBytes(),
                            stopAt,
                            recorder,
                            acknowledged,
                            failures)));
      }
      Thread.sleep(options.warmup());
      recorder.getIntervalHistogram(); // drops the warm-up
      long batchesBefore = store.groupCommit().batches();
      long itemsBefore = store.groupCommit().items();
      long began = System.nanoTime();
      Thread.sleep(options.measure());
      Histogram measured = recorder.getIntervalHistogram();
      double seconds = (System.nanoTime() - began) / 1e9;
      long batches = store.groupCommit().batches() - batchesBefore;
      long items = store.groupCommit().items() - itemsBefore;
      for (Thread thread : senders) {
        thread.join();
      }
      long[] rows = countRows(settings);
      return new Result(
          mode,
          groupCommit,
          measured.getTotalCount(),
          seconds,
          measured,
          batches,
          items,
          rows[0],
          rows[1],
          acknowledged.get(),
          failures.get());
    }
  }

  /** One user: stores a message, waits for the call to return, and again, until {@code stopAt}. */
  private static void send(
      PostgresMessageStore store,
      long sender,
      int contentBytes,
      long stopAt,
      Recorder recorder,
      AtomicLong acknowledged,
      AtomicLong failures) {
    SplittableRandom random = new SplittableRandom(sender);
    long n = 0;
    while (System.nanoTime() < stopAt) {
      NewMessage message =
          new NewMessage(
              UserId.of(sender),
              UserId.of(1 + random.nextInt(RECIPIENTS)),
              ContentType.TEXT,
              content(random, contentBytes),
              Instant.now(),
              Optional.of("bench-" + sender + "-" + n++));
      long start = System.nanoTime();
      try {
        store.store(message);
        recorder.recordValue(System.nanoTime() - start);
        acknowledged.incrementAndGet();
      } catch (RuntimeException e) {
        if (failures.incrementAndGet() <= 5) {
          System.err.println("store failed: " + e);
        }
      }
    }
  }

  /** Chat-like text of about {@code bytes} UTF-8 bytes (half to one and a half times). */
  private static String content(SplittableRandom random, int bytes) {
    int target = bytes / 2 + random.nextInt(Math.max(1, bytes));
    StringBuilder text = new StringBuilder(target + 16);
    while (text.length() < target) {
      text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    return text.toString();
  }

  private static void print(Result result, Options options) {
    Histogram latency = result.latency();
    System.out.printf(
        "%s: %,d messages stored and acknowledged in %.1f s = %,.0f msg/s%n",
        result.mode(), result.messages(), result.seconds(), result.perSecond());
    System.out.printf(
        "  store latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
        latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(90) / 1e6,
        latency.getValueAtPercentile(99) / 1e6,
        latency.getValueAtPercentile(99.9) / 1e6,
        latency.getMaxValue() / 1e6);
    System.out.printf(
        "  batches while measured: %,d, %.1f messages per batch on average (at most %d)%n",
        result.batches(),
        result.batches() == 0 ? 0.0 : (double) result.batchedItems() / result.batches(),
        result.groupCommit().maxBatch());
    System.out.printf(
        "  check: %,d calls acknowledged in all (warm-up included), %,d rows in the table"
            + " (%d B of content on average), %d failed calls%n",
        result.acknowledged(), result.rows(), result.averageContentBytes(), result.failures());
    if (result.rows() != result.acknowledged() || result.failures() > 0) {
      System.out.println("  WARNING: acknowledged calls and stored rows differ, or calls failed");
    }
  }

  /** The rows in the table, and their average content size. */
  private static long[] countRows(PostgresSettings settings) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*), coalesce(avg(octet_length(content)), 0)::bigint FROM messages")) {
      result.next();
      return new long[] {result.getLong(1), result.getLong(2)};
    }
  }

  private static String serverSettings(PostgresSettings settings) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT current_setting('server_version'), current_setting('fsync'),"
                    + " current_setting('synchronous_commit'), current_setting('wal_sync_method'),"
                    + " current_setting('shared_buffers'), current_setting('full_page_writes')")) {
      result.next();
      return String.format(
          "PostgreSQL %s, fsync=%s, synchronous_commit=%s, wal_sync_method=%s, shared_buffers=%s,"
              + " full_page_writes=%s",
          result.getString(1),
          result.getString(2),
          result.getString(3),
          result.getString(4),
          result.getString(5),
          result.getString(6));
    }
  }

  private static String machine() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        "machine: %d processors, JVM max heap %d MiB, Java %s (%s)",
        runtime.availableProcessors(),
        runtime.maxMemory() >> 20,
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"));
  }
}
