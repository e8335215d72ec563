package chat.gateway.load.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One selector thread serving many WebSocket connections, with a timer queue, so that a scenario's
 * sends are scheduled on the thread that owns the connection (no hand-over, no lock). Every
 * connection belongs to one loop for its life; its callbacks run on that loop's thread.
 *
 * <p>Reads go into one buffer shared by all the loop's connections; only an incomplete frame is
 * copied aside per connection, so an idle connection costs its socket and a few objects.
 */
public final class IoLoop implements AutoCloseable {

  /**
   * Shared read buffer size: a frame larger than this gets a buffer of its own while it arrives.
   */
  static final int READ_BUFFER = 64 * 1024;

  private final Selector selector;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
  private final MessageDigest sha1;
  private volatile boolean running = true;
  private long timerOrder;

  public IoLoop(String name) {
    try {
      this.selector = Selector.open();
      this.sha1 = MessageDigest.getInstance("SHA-1");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs {@code task} on this loop's thread, soon. Safe from any thread. */
  public void execute(Runnable task) {
    tasks.add(task);
    if (Thread.currentThread() != thread) {
      selector.wakeup();
    }
  }

  /** Runs {@code task} on this loop at {@code nanoTime} (System.nanoTime); from the loop itself. */
  public void at(long nanoTime, Runnable task) {
    assert inLoop();
    timers.add(new Timer(nanoTime, timerOrder++, task));
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  Selector selector() {
    return selector;
  }

  ByteBuffer readBuffer() {
    return readBuffer;
  }

  MessageDigest sha1() {
    return sha1;
  }

  private void run() {
    while (running) {
      try {
        long wait = untilNextTimer();
        if (wait == 0) {
          selector.selectNow();
        } else {
          selector.select(wait);
        }
        for (SelectionKey key : selector.selectedKeys()) {
          WsConnection conn = (WsConnection) key.attachment();
          conn.onReady(key);
        }
        selector.selectedKeys().clear();
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
        runDueTimers();
      } catch (IOException e) {
        throw new UncheckedIOException("selector failed", e);
      } catch (RuntimeException e) {
        // A scenario bug must not stop every connection of the loop: report and go on.
        System.err.println("load: error on " + thread.getName() + ": " + e);
        e.printStackTrace(System.err);
      }
    }
  }

  /** Milliseconds until the next timer: 0 when one is due, -1 (block) when none. */
  private long untilNextTimer() {
    if (!tasks.isEmpty()) {
      return 0;
    }
    Timer next = timers.peek();
    if (next == null) {
      return 1000;
    }
    long nanos = next.at - System.nanoTime();
    if (nanos <= 0) {
      return 0;
    }
    // Rounded up: epoll waits in whole milliseconds; a timer fires at most 1 ms late.
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
  }

  private void runDueTimers() {
    long now = System.nanoTime();
    Timer timer;
    while ((timer = timers.peek()) != null && timer.at - now <= 0) {
      timers.poll();
      timer.task.run();
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(2000);
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
      selector.close();
    } catch (IOException e) {
      // closing anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Timer(long at, long order, Runnable task) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer other) {
      int byTime = Long.compare(at - other.at, 0);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }
}
