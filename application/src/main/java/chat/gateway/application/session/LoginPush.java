package chat.gateway.application.session;

import chat.gateway.application.port.in.UserPresence;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.registry.Connection;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What a connection gets right after it authenticates, in the background: first the presence
 * snapshot it is owed, then every message still {@code sent} to its user, oldest first, read from
 * the store a page at a time. Every frame is sent paced ({@link Connection#sendPaced}), so however
 * large the backlog it never overflows the send queue nor crowds out live pushes; a client that
 * stops draining is closed as a slow consumer and gets the rest at its next login.
 *
 * <p>The backlog stops at the newest message stored when the connection was registered: anything
 * stored later is pushed live, so pushing it here too would only send it twice.
 */
final class LoginPush {

  private static final System.Logger LOG = System.getLogger(LoginPush.class.getName());

  private final MessageStore store;
  private final Executor executor;
  private final int pageSize;

  LoginPush(MessageStore store, Executor executor, int pageSize) {
    this.store = store;
    this.executor = executor;
    this.pageSize = pageSize;
  }

  /**
   * The newest message stored now: read it right after the connection is registered, and the
   * backlog ends there. What is stored later is pushed live; what was stored before, and is still
   * {@code sent}, comes with the backlog.
   */
  Optional<MessageId> backlogEnd() {
    return store.latestId();
  }

  /** Starts sending {@code snapshot} (presence), then the backlog up to {@code end}. */
  void start(Connection connection, List<UserPresence> snapshot, Optional<MessageId> end) {
    try {
      executor.execute(() -> push(connection, snapshot, end));
    } catch (RuntimeException e) {
      fail(connection, e);
    }
  }

  private void push(Connection connection, List<UserPresence> snapshot, Optional<MessageId> last) {
    try {
      for (UserPresence presence : snapshot) {
        ServerPayload push = new ServerPayload.PresencePush(presence.user(), presence.status());
        if (!connection.sendPaced(ServerFrame.push(push))) {
          return;
        }
      }
      if (last.isPresent()) {
        pushBacklog(connection, last.get());
      }
    } catch (RuntimeException | Error e) {
      fail(connection, e);
    }
  }

  /** The login push cannot be made (the store is down): the client is told to reconnect. */
  void abandon(Connection connection, Throwable error) {
    fail(connection, error);
  }

  private static void fail(Connection connection, Throwable error) {
    LOG.log(Level.WARNING, "login push for connection " + connection.id() + " failed", error);
    connection.close(CloseReason.INTERNAL_ERROR);
  }

  private void pushBacklog(Connection connection, MessageId last) {
    Optional<MessageId> after = Optional.empty();
    while (true) {
      List<Message> page = store.undelivered(connection.user(), after, pageSize);
      for (Message message : page) {
        if (message.id().compareTo(last) > 0
            || !connection.sendPaced(ServerFrame.push(new ServerPayload.ChatPush(message)))) {
          return;
        }
        after = Optional.of(message.id());
      }
      if (page.size() < pageSize) {
        return;
      }
    }
  }
}
