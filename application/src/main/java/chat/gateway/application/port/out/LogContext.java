package chat.gateway.application.port.out;

import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.Optional;

/**
 * Tags the log lines a thread writes with the connection (and its user, once known) it works for,
 * so that every line of a connection's work carries both ids as fields, whichever code writes it.
 * Tags are per thread; safe from many threads.
 */
public interface LogContext {

  /** Tags nothing: for a logging system that has no such context. */
  LogContext NONE = (connection, user) -> () -> {};

  /**
   * Tags this thread's lines with {@code connection} and {@code user} until the scope closes.
   * Tagging again before then replaces the tags; closing the scope removes them.
   */
  Scope tag(ConnectionId connection, Optional<UserId> user);

  /** The span of a {@link #tag}. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
