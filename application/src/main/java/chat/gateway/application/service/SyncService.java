package chat.gateway.application.service;

import chat.gateway.application.port.in.SyncCommand;
import chat.gateway.application.port.in.SyncOutcome;
import chat.gateway.application.port.in.SyncUseCase;
import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.Message;
import chat.gateway.domain.delivery.ChatRules;
import java.util.List;

/**
 * Pages through a user's history. A page holds at most {@code pageSize} messages and, past its
 * first message, at most {@code pageBytes} of content: a reply is bounded in bytes however large
 * the messages, so a client cannot make one connection pin more than a page per request.
 */
public final class SyncService implements SyncUseCase {

  /** What a message costs in a page beyond its content: ids, times, type, client id. */
  static final int MESSAGE_OVERHEAD = 64;

  private final MessageStore store;
  private final int pageSize;
  private final int pageBytes;

  public SyncService(MessageStore store, int pageSize, int pageBytes) {
    this.store = store;
    this.pageSize = pageSize;
    this.pageBytes = pageBytes;
  }

  @Override
  public SyncOutcome sync(SyncCommand command) {
    HistoryPage page = store.history(command.user(), cursor(command), pageSize);
    List<Message> messages = page.messages();
    int fits = fittingInBytes(messages);
    boolean hasMore = page.hasMore() || fits < messages.size();
    return new SyncOutcome(messages.subList(0, fits), hasMore);
  }

  private static SyncCursor cursor(SyncCommand command) {
    if (command.afterMessage().isPresent()) {
      return new SyncCursor.AfterId(command.afterMessage().get());
    }
    if (command.afterTime().isPresent()) {
      return new SyncCursor.AfterTime(command.afterTime().get());
    }
    return new SyncCursor.Beginning();
  }

  /** How many of {@code messages}, from the first, fit in a page; at least one. */
  private int fittingInBytes(List<Message> messages) {
    long used = 0;
    for (int i = 0; i < messages.size(); i++) {
      used += size(messages.get(i));
      if (i > 0 && used > pageBytes) {
        return i;
      }
    }
    return messages.size();
  }

  private static long size(Message message) {
    return MESSAGE_OVERHEAD
        + ChatRules.utf8Length(message.content())
        + message.clientMsgId().map(String::length).orElse(0);
  }
}
