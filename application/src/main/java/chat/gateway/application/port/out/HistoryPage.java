package chat.gateway.application.port.out;

import chat.gateway.domain.Message;
import java.util.List;

/** One page of a user's messages, oldest first, and whether more follow. */
public record HistoryPage(List<Message> messages, boolean hasMore) {
  public HistoryPage {
    messages = List.copyOf(messages);
  }
}
