package chat.gateway.testsupport;

import static chat.gateway.testsupport.Messages.aMessage;
import static chat.gateway.testsupport.Users.randomUser;

import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

/**
 * Writers store messages to one user while a reader syncs that user the way a client does: pages of
 * {@code pageSize}, each after the last id it saw. Once the writers are done the reader pages until
 * nothing more follows.
 */
final class SyncWhileWriting {

  /** The ids the writers stored, ascending, and the ids the reader saw, in the order seen. */
  record Outcome(List<Long> written, List<Long> seen) {}

  private SyncWhileWriting() {}

  static Outcome run(MessageStore store, UserId user, int writers, int perWriter, int pageSize) {
    CountDownLatch writersDone = new CountDownLatch(writers);
    List<List<Long>> results =
        Concurrently.run(
            writers + 1,
            i ->
                i == writers
                    ? () -> read(store, user, pageSize, writersDone)
                    : write(store, user, perWriter, writersDone));
    List<Long> written =
        results.subList(0, writers).stream().flatMap(List::stream).sorted().toList();
    return new Outcome(written, results.get(writers));
  }

  private static Callable<List<Long>> write(
      MessageStore store, UserId user, int count, CountDownLatch done) {
    return () -> {
      try {
        return IntStream.range(0, count)
            .mapToObj(n -> aMessage().from(randomUser()).to(user).text("m" + n).build())
            .map(message -> store.store(message).message().id().value())
            .toList();
      } finally {
        done.countDown();
      }
    };
  }

  private static List<Long> read(
      MessageStore store, UserId user, int pageSize, CountDownLatch writersDone) {
    List<Long> seen = new ArrayList<>();
    SyncCursor cursor = new SyncCursor.Beginning();
    boolean writersFinished;
    do {
      // Checked before the pass: a pass that starts after the last write must find everything.
      writersFinished = writersDone.getCount() == 0;
      HistoryPage page;
      do {
        page = store.history(user, cursor, pageSize);
        for (Message message : page.messages()) {
          seen.add(message.id().value());
          cursor = new SyncCursor.AfterId(message.id());
        }
      } while (page.hasMore());
      Thread.onSpinWait();
    } while (!writersFinished);
    return seen;
  }
}
