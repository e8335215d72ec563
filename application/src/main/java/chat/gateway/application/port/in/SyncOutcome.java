package chat.gateway.application.port.in;

import chat.gateway.domain.Message;
import java.util.List;

/** One page of history: bounded in count and in bytes; {@code hasMore} when more follow. */
public record SyncOutcome(List<Message> messages, boolean hasMore) {
  public SyncOutcome {
    messages = List.copyOf(messages);
  }
}
